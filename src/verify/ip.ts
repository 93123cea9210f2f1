/** IP addresses and CIDR ranges as (family, 128-bit value) — IPv4 in the low 32 bits. */
import type { IpValue } from './eval.ts';

export interface Cidr extends IpValue {
  /** Prefix length (32 / 128 for a bare address). */
  bits: number;
}

function parseV4(s: string): bigint | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  let n = 0n;
  for (const part of m.slice(1)) {
    const x = Number(part);
    if (x > 255) return undefined;
    n = n * 256n + BigInt(x);
  }
  return n;
}

function parseV6(s: string): bigint | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let n = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

/** An address or CIDR (`10.0.0.0/8`, `::1`); undefined when it is neither. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, bitsText, extra] = text.split('/');
  if (extra !== undefined || addr === undefined) return undefined;
  const v4 = parseV4(addr);
  const v6 = v4 === undefined ? parseV6(addr) : undefined;
  if (v4 === undefined && v6 === undefined) return undefined;
  const isV6 = v4 === undefined;
  const width = isV6 ? 128 : 32;
  const bits = bitsText === undefined ? width : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > width) return undefined;
  return { v6: isV6, value: (isV6 ? v6 : v4)!, bits };
}

export function formatIp(ip: IpValue): string {
  if (!ip.v6) return [24n, 16n, 8n, 0n].map((s) => ((ip.value >> s) & 255n).toString()).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((ip.value >> BigInt(i * 16)) & 0xffffn).toString(16));
  return groups.join(':');
}

/** Whether `inner` (a range or address) lies inside `outer`, same family. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.v6 !== inner.v6 || inner.bits < outer.bits) return false;
  const shift = BigInt((outer.v6 ? 128 : 32) - outer.bits);
  return outer.value >> shift === inner.value >> shift;
}
