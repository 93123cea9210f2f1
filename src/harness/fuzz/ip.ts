/** IPv4 neighbours of a CIDR: first and last address inside, one just outside each end. */
export function addressesAround(cidr: string): string[] {
  const [addr, bitsText] = cidr.split('/');
  const base = parseIPv4(addr!);
  if (base === undefined) return [addr!]; // IPv6: the address itself is still useful
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const size = 2 ** (32 - bits);
  const network = Math.floor(base / size) * size;
  const lastAddr = network + size - 1;
  return [network, lastAddr, network - 1, lastAddr + 1].filter((n) => n >= 0 && n <= 0xffffffff).map(formatIPv4);
}

function parseIPv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const o = m.slice(1).map(Number);
  if (o.some((x) => x > 255)) return undefined;
  return ((o[0]! * 256 + o[1]!) * 256 + o[2]!) * 256 + o[3]!;
}

function formatIPv4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}
