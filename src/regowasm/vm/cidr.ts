// net.cidr_contains(cidr, cidr_or_ip). Addresses are normalised to 16 bytes (IPv4 as
// ::ffff:a.b.c.d, prefix + 96) so IPv4 and IPv6 follow Go's net.IPNet.Contains.

class Net {
  constructor(public bytes: StaticArray<u8>, public prefix: i32) {}
}

function parseV4(s: string, out: StaticArray<u8>, at: i32): bool {
  let parts = s.split(".");
  if (parts.length != 4) return false;
  for (let i = 0; i < 4; i++) {
    let p = parts[i];
    if (p.length == 0 || p.length > 3) return false;
    let v = 0;
    for (let j = 0; j < p.length; j++) {
      let c = p.charCodeAt(j);
      if (c < 48 || c > 57) return false;
      v = v * 10 + c - 48;
    }
    if (v > 255 || (p.length > 1 && p.charCodeAt(0) == 48)) return false;
    out[at + i] = <u8>v;
  }
  return true;
}

function hexGroup(g: string): i32 {
  if (g.length == 0 || g.length > 4) return -1;
  let v = 0;
  for (let i = 0; i < g.length; i++) {
    let c = g.charCodeAt(i);
    let d = c >= 48 && c <= 57 ? c - 48 : (c >= 97 && c <= 102 ? c - 87 : (c >= 65 && c <= 70 ? c - 55 : -1));
    if (d < 0) return -1;
    v = (v << 4) | d;
  }
  return v;
}

function parseV6(s: string, out: StaticArray<u8>): bool {
  let dbl = s.indexOf("::");
  if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) return false;
  let head = dbl >= 0 ? s.substring(0, dbl) : s;
  let tail = dbl >= 0 ? s.substring(dbl + 2) : "";
  let hg = head.length > 0 ? head.split(":") : new Array<string>();
  let tg = tail.length > 0 ? tail.split(":") : new Array<string>();
  let words = new Array<i32>();
  let tailWords = new Array<i32>();
  for (let pass = 0; pass < 2; pass++) {
    let gs = pass == 0 ? hg : tg;
    let dst = pass == 0 ? words : tailWords;
    for (let i = 0; i < gs.length; i++) {
      let g = gs[i];
      if (g.indexOf(".") >= 0) { // embedded IPv4, last group only
        if (i != gs.length - 1) return false;
        let b = new StaticArray<u8>(4);
        if (!parseV4(g, b, 0)) return false;
        dst.push((<i32>b[0] << 8) | b[1]); dst.push((<i32>b[2] << 8) | b[3]);
        continue;
      }
      let v = hexGroup(g);
      if (v < 0) return false;
      dst.push(v);
    }
  }
  let total = words.length + tailWords.length;
  if (dbl < 0 ? total != 8 : total > 7) return false;
  let all = new Array<i32>();
  for (let i = 0; i < words.length; i++) all.push(words[i]);
  for (let i = 0; i < 8 - total; i++) all.push(0);
  for (let i = 0; i < tailWords.length; i++) all.push(tailWords[i]);
  for (let i = 0; i < 8; i++) { out[2 * i] = <u8>(all[i] >> 8); out[2 * i + 1] = <u8>(all[i] & 255); }
  return true;
}

function parseAddr(s: string, out: StaticArray<u8>): i32 {
  if (s.indexOf(":") >= 0) return parseV6(s, out) ? 6 : 0;
  out[10] = 0xff; out[11] = 0xff;
  return parseV4(s, out, 12) ? 4 : 0;
}

/** Parses "addr/prefix" (requireCidr) or a bare address (prefix = 128). */
function parseNet(s: string, requireCidr: bool): Net | null {
  let slash = s.indexOf("/");
  if (slash < 0 && requireCidr) return null;
  let b = new StaticArray<u8>(16);
  let fam = parseAddr(slash < 0 ? s : s.substring(0, slash), b);
  if (fam == 0) return null;
  let prefix = 128;
  if (slash >= 0) {
    let ps = s.substring(slash + 1);
    if (ps.length == 0 || ps.length > 3) return null;
    let v = 0;
    for (let i = 0; i < ps.length; i++) {
      let c = ps.charCodeAt(i);
      if (c < 48 || c > 57) return null;
      v = v * 10 + c - 48;
    }
    if (v > (fam == 4 ? 32 : 128)) return null;
    prefix = fam == 4 ? v + 96 : v;
  }
  return new Net(b, prefix);
}

function within(net: Net, b: StaticArray<u8>): bool {
  let bits = net.prefix;
  for (let i = 0; i < 16 && bits > 0; i++) {
    let mask: i32 = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((<i32>net.bytes[i] & mask) != (<i32>b[i] & mask)) return false;
    bits -= 8;
  }
  return true;
}

/** 1 contained, 0 not, -1 invalid argument (→ undefined). */
export function cidrContains(cidr: string, x: string): i32 {
  let net = parseNet(cidr, true);
  if (net === null) return -1;
  let other = parseNet(x, false);
  if (other === null) return -1;
  if (other.prefix < net.prefix) return 0;
  // Go's IPNet.Contains (what OPA runs): an IPv4 address or network is never inside an
  // IPv6 network that is not itself IPv4-mapped (e.g. ::/0), although its 16-byte form
  // here (::ffff:a.b.c.d) lies in it. The reverse needs no test: a mapped network's
  // prefix covers ::ffff, which a plain IPv6 address does not have.
  if (isV4(other) && !(isV4(net) && net.prefix >= 96)) return 0;
  return within(net, other.bytes) ? 1 : 0;
}

/** net.cidr_intersects: 1/0, -1 when either side is not a CIDR. */
export function cidrIntersects(a: string, b: string): i32 {
  let x = parseNet(a, true), y = parseNet(b, true);
  if (x === null || y === null) return -1;
  // Go's IPNet.Contains both ways: IPv4 and (non-mapped) IPv6 networks never meet
  if (isV4Net(x!) != isV4Net(y!)) return 0;
  let wide = x.prefix <= y.prefix ? x : y, narrow = x.prefix <= y.prefix ? y : x;
  return within(wide, narrow.bytes) ? 1 : 0;
}

export function cidrIsValid(s: string): bool { return parseNet(s, true) !== null; }

/** net.cidr_contains_matches element check: -1 invalid, else 0/1. */
export function cidrContainsAny(cidr: string, x: string): i32 { return cidrContains(cidr, x); }

/** Go's net.IP.String of a 16-byte address: dotted quad when v4-mapped, else RFC 5952
 *  (lower-case hex groups, the longest run of two or more zero groups as "::"). */
function ipString(b: StaticArray<u8>): string {
  let mapped = b[10] == 0xff && b[11] == 0xff;
  for (let i = 0; i < 10 && mapped; i++) if (b[i] != 0) mapped = false;
  if (mapped) return b[12].toString() + "." + b[13].toString() + "." + b[14].toString() + "." + b[15].toString();
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (b[2 * i] == 0 && b[2 * i + 1] == 0) {
      let j = i;
      while (j < 8 && b[2 * j] == 0 && b[2 * j + 1] == 0) j++;
      if (j - i > bestLen) { best = i; bestLen = j - i; }
      i = j;
    } else i++;
  }
  if (bestLen < 2) best = -1;
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (i == best) { out += "::"; i += bestLen - 1; continue; }
    if (out.length > 0 && !out.endsWith(":")) out += ":";
    out += ((<i32>b[2 * i] << 8) | <i32>b[2 * i + 1]).toString(16);
  }
  return out;
}

/** net.cidr_expand: every address of a network of at most 2^16 addresses, in order;
 *  null when invalid or larger. */
export function cidrExpand(cidr: string): Array<string> | null {
  let net = parseNet(cidr, true);
  if (net === null) return null;
  let bits = 128 - net!.prefix;
  if (bits > 16) return null;
  let base = new StaticArray<u8>(16);
  let keep = net!.prefix;
  for (let i = 0; i < 16; i++) {
    let m: i32 = keep >= 8 ? 0xff : keep <= 0 ? 0 : (0xff << (8 - keep)) & 0xff;
    base[i] = <u8>(<i32>net!.bytes[i] & m);
    keep -= 8;
  }
  let out = new Array<string>();
  let count = 1 << bits;
  for (let n = 0; n < count; n++) {
    let a = new StaticArray<u8>(16);
    for (let i = 0; i < 16; i++) a[i] = base[i];
    // add n to the low 32 bits (bits ≤ 16, so no carry past byte 12 beyond what this handles)
    let carry = n;
    for (let i = 15; i >= 0 && carry > 0; i--) {
      let v = <i32>a[i] + (carry & 0xff);
      a[i] = <u8>v;
      carry = (carry >> 8) + (v >> 8);
    }
    out.push(ipString(a));
  }
  return out;
}

function netText(n: Net): string {
  let v4 = true;
  for (let i = 0; i < 10; i++) if (n.bytes[i] != 0) v4 = false;
  if (n.bytes[10] != 0xff || n.bytes[11] != 0xff || n.prefix < 96) v4 = false;
  return ipString(n.bytes) + "/" + (v4 ? n.prefix - 96 : n.prefix).toString();
}

function masked(b: StaticArray<u8>, prefix: i32): StaticArray<u8> {
  let out = new StaticArray<u8>(16);
  let keep = prefix;
  for (let i = 0; i < 16; i++) {
    let m: i32 = keep >= 8 ? 0xff : keep <= 0 ? 0 : (0xff << (8 - keep)) & 0xff;
    out[i] = <u8>(<i32>b[i] & m);
    keep -= 8;
  }
  return out;
}

function cmpNet(a: Net, b: Net): i32 {
  for (let i = 0; i < 16; i++) if (a.bytes[i] != b.bytes[i]) return <i32>a.bytes[i] < <i32>b.bytes[i] ? -1 : 1;
  return a.prefix - b.prefix;
}

/** net.cidr_merge: the smallest list of networks covering the inputs (IPv4 addresses may
 *  be bare; IPv6 ones need a prefix). null on an invalid element. */
export function cidrMerge(items: Array<string>): Array<string> | null {
  let nets = new Array<Net>();
  for (let i = 0; i < items.length; i++) {
    let s = items[i];
    let n = parseNet(s, s.indexOf(":") >= 0);
    if (n === null) return null;
    nets.push(new Net(masked(n!.bytes, n!.prefix), n!.prefix));
  }
  // the families are merged apart (::/0 does not swallow IPv4 networks, as in Go)
  let v4 = new Array<Net>(), v6 = new Array<Net>();
  for (let i = 0; i < nets.length; i++) { if (isV4Net(nets[i])) v4.push(nets[i]); else v6.push(nets[i]); }
  let texts = new Array<string>();
  mergeFamily(v4, texts);
  mergeFamily(v6, texts);
  return texts;
}

function isV4Net(n: Net): bool { return isV4(n) && n.prefix >= 96; }

function mergeFamily(nets: Array<Net>, texts: Array<string>): void {
  // sort by address then prefix (insertion sort keeps it small and closure-free)
  for (let i = 1; i < nets.length; i++) {
    let x = nets[i], j = i;
    while (j > 0 && cmpNet(nets[j - 1], x) > 0) { nets[j] = nets[j - 1]; j--; }
    nets[j] = x;
  }
  let changed = true;
  while (changed) {
    changed = false;
    let out = new Array<Net>();
    for (let i = 0; i < nets.length; i++) {
      let n = nets[i];
      if (out.length > 0) {
        let last = out[out.length - 1];
        if (last.prefix <= n.prefix && within(last, n.bytes)) continue; // covered
        // siblings: same prefix, same parent network → their parent
        if (last.prefix == n.prefix && last.prefix > 0) {
          let parent = masked(last.bytes, last.prefix - 1);
          let p = new Net(parent, last.prefix - 1);
          if (within(p, n.bytes) && !(last.prefix - 1 < 96 && isV4(last))) {
            out[out.length - 1] = p; changed = true; continue;
          }
        }
      }
      out.push(n);
    }
    nets = out;
  }
  for (let i = 0; i < nets.length; i++) texts.push(netText(nets[i]));
}

function isV4(n: Net): bool {
  for (let i = 0; i < 10; i++) if (n.bytes[i] != 0) return false;
  return n.bytes[10] == 0xff && n.bytes[11] == 0xff;
}
