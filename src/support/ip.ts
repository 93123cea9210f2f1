/**
 * IP address syntax, in plain JavaScript (no node:net), accepting exactly what Node's
 * `net.isIP` accepts (test/support/ip.property.test.ts holds it to that): dotted-quad
 * IPv4 without leading zeros; IPv6 with at most one `::`, 1–4 hex digits per group, an
 * optional dotted-quad tail, and an optional `%zone` suffix.
 */
const V4_PART = /^(?:0|[1-9]\d{0,2})$/;

function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => V4_PART.test(p) && Number(p) <= 255);
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** Counts the 16-bit groups of one side of `::` (-1 if malformed); `tail` allows a dotted quad last. */
function groups(side: string, tail: boolean): number {
  if (side === '') return 0;
  const parts = side.split(':');
  let n = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (HEX_GROUP.test(p)) n += 1;
    else if (tail && i === parts.length - 1 && isIpv4(p)) n += 2;
    else return -1;
  }
  return n;
}

function isIpv6(s: string): boolean {
  const zone = s.indexOf('%');
  if (zone >= 0) {
    if (!/^[0-9a-zA-Z\-.:]+$/.test(s.slice(zone + 1))) return false;
    s = s.slice(0, zone);
  }
  const halves = s.split('::');
  if (halves.length > 2) return false;
  if (halves.length === 1) return groups(s, true) === 8;
  const left = groups(halves[0]!, false);
  const right = groups(halves[1]!, true);
  return left >= 0 && right >= 0 && left + right <= 7;
}

/** 4, 6 or 0 (not an address), as Node's `net.isIP`. */
export function ipFamily(s: string): 0 | 4 | 6 {
  if (isIpv4(s)) return 4;
  if (s.includes(':') && isIpv6(s)) return 6;
  return 0;
}
