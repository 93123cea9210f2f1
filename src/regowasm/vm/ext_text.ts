// Text builtins: strings.replace_n, base64 / base64url / hex, urlquery.*, units.parse,
// units.parse_bytes, semver.*. Strings are UTF-8 byte sequences as in Go; decoded
// bytes that are not valid UTF-8 are replaced (U+FFFD). null = undefined/error.
import {
  Value, VArr, VObj, VSet, VNum, T_STR, T_ARR, T_OBJ, T_SET,
  vint, vstr, vfloat, asStr, objFrom, compareStrings,
} from "./values";
import { bitLength, natFromDecimal, natFromU64, natMul, natToBase, roundToBits } from "./bignat";

export function utf8(s: string): Uint8Array { return Uint8Array.wrap(String.UTF8.encode(s, false)); }
/** Bytes → string as Go reads them: each byte that does not start a valid UTF-8
 *  sequence (overlong, surrogate, > U+10FFFF, truncated, stray continuation) becomes one
 *  U+FFFD, so `count` sees as many runes as Go's utf8.RuneCount. */
export function fromBytes(b: Array<u8>): string {
  let n = b.length;
  let u = new Uint8Array(n * 3);
  let o = 0;
  let i = 0;
  while (i < n) {
    let c = <i32>b[i];
    if (c < 0x80) { u[o++] = <u8>c; i++; continue; }
    let need = 0, cp = 0, lo = 0;
    if (c >= 0xc2 && c <= 0xdf) { need = 1; cp = c & 0x1f; lo = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { need = 2; cp = c & 0x0f; lo = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; cp = c & 0x07; lo = 0x10000; }
    let ok = need > 0 && i + need < n;
    for (let k = 1; ok && k <= need; k++) {
      let d = <i32>b[i + k];
      if ((d & 0xc0) != 0x80) ok = false;
      else cp = (cp << 6) | (d & 0x3f);
    }
    if (ok && (cp < lo || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (ok) {
      for (let k = 0; k <= need; k++) u[o++] = b[i + k];
      i += need + 1;
    } else {
      u[o++] = 0xef; u[o++] = 0xbf; u[o++] = 0xbd; // U+FFFD
      i++;
    }
  }
  return String.UTF8.decode(u.buffer.slice(0, o), false);
}

/** strings.replace_n(patterns, s): Go's strings.NewReplacer with the object's pairs in
 *  key order: at each position the first pattern that matches wins, no overlaps. */
export function replaceN(pats: Value, s: Value): Value | null {
  if (pats.t != T_OBJ || s.t != T_STR) return null;
  let o = changetype<VObj>(pats);
  let olds = new Array<string>(), news = new Array<string>();
  for (let i = 0; i < o.keys.length; i++) {
    if (o.keys[i].t != T_STR || o.vals[i].t != T_STR) return null;
    olds.push(asStr(o.keys[i])); news.push(asStr(o.vals[i]));
  }
  let str = asStr(s);
  let out = "";
  let i = 0;
  while (i <= str.length) {
    let hit = -1;
    for (let k = 0; k < olds.length; k++) {
      let old = olds[k];
      if (str.startsWith(old, i) || (old.length == 0)) { hit = k; break; }
    }
    if (hit >= 0 && olds[hit].length > 0) { out += news[hit]; i += olds[hit].length; continue; }
    if (hit >= 0) out += news[hit]; // an empty pattern matches between runes
    if (i == str.length) break;
    let c = str.codePointAt(i);
    let w = c > 0xffff ? 2 : 1;
    out += str.substring(i, i + w);
    i += w;
  }
  return vstr(out);
}

// ── base64 / hex ───────────────────────────────────────────────────────────────────
const STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

export function b64encode(s: string, url: bool, pad: bool): string {
  let b = utf8(s);
  let alpha = url ? URL : STD;
  let out = "";
  let i = 0;
  for (; i + 3 <= b.length; i += 3) {
    let v = (<i32>b[i] << 16) | (<i32>b[i + 1] << 8) | <i32>b[i + 2];
    out += alpha.charAt(v >> 18) + alpha.charAt((v >> 12) & 63) + alpha.charAt((v >> 6) & 63) + alpha.charAt(v & 63);
  }
  let rest = b.length - i;
  if (rest == 1) {
    let v = <i32>b[i] << 16;
    out += alpha.charAt(v >> 18) + alpha.charAt((v >> 12) & 63) + (pad ? "==" : "");
  } else if (rest == 2) {
    let v = (<i32>b[i] << 16) | (<i32>b[i + 1] << 8);
    out += alpha.charAt(v >> 18) + alpha.charAt((v >> 12) & 63) + alpha.charAt((v >> 6) & 63) + (pad ? "=" : "");
  }
  return out;
}

/** Go's base64 decoding (non-strict: \r and \n ignored, trailing bits not checked);
 *  padded encodings need the padding, raw ones refuse it. null = invalid. */
export function b64decode(s: string, url: bool, padded: bool): Array<u8> | null {
  let alpha = url ? URL : STD;
  let data = new Array<i32>();
  let pads = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charAt(i);
    if (c == "\r" || c == "\n") continue;
    if (c == "=") { if (!padded) return null; pads++; continue; }
    if (pads > 0) return null; // data after padding
    let v = alpha.indexOf(c);
    if (v < 0) return null;
    data.push(v);
  }
  let rem = data.length % 4;
  if (rem == 1) return null;
  if (padded) {
    if (pads > 2 || (rem == 0 && pads != 0) || (rem != 0 && pads != 4 - rem)) return null;
  }
  let out = new Array<u8>();
  let i = 0;
  for (; i + 4 <= data.length; i += 4) {
    let v = (data[i] << 18) | (data[i + 1] << 12) | (data[i + 2] << 6) | data[i + 3];
    out.push(<u8>(v >> 16)); out.push(<u8>(v >> 8)); out.push(<u8>v);
  }
  if (rem >= 2) {
    let v = (data[i] << 18) | (data[i + 1] << 12) | (rem == 3 ? data[i + 2] << 6 : 0);
    out.push(<u8>(v >> 16));
    if (rem == 3) out.push(<u8>(v >> 8));
  }
  return out;
}

export function hexOf(b: Uint8Array): string {
  let out = "";
  for (let i = 0; i < b.length; i++) {
    let v = <i32>b[i];
    out += "0123456789abcdef".charAt(v >> 4) + "0123456789abcdef".charAt(v & 15);
  }
  return out;
}

function hexVal(c: i32): i32 {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

export function hexDecode(s: string): Value | null {
  if (s.length % 2 != 0) return null;
  let out = new Array<u8>();
  for (let i = 0; i < s.length; i += 2) {
    let h = hexVal(s.charCodeAt(i)), l = hexVal(s.charCodeAt(i + 1));
    if (h < 0 || l < 0) return null;
    out.push(<u8>((h << 4) | l));
  }
  return vstr(fromBytes(out));
}

// ── urlquery (Go's url.QueryEscape / QueryUnescape / Values) ─────────────────────────
export function queryEscape(s: string): string {
  let b = utf8(s);
  let out = "";
  for (let i = 0; i < b.length; i++) {
    let c = <i32>b[i];
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 46 || c == 95 || c == 126) out += String.fromCharCode(c);
    else if (c == 32) out += "+";
    else out += "%" + "0123456789ABCDEF".charAt(c >> 4) + "0123456789ABCDEF".charAt(c & 15);
  }
  return out;
}

export function queryUnescape(s: string): string | null {
  let b = utf8(s);
  let out = new Array<u8>();
  for (let i = 0; i < b.length; i++) {
    let c = <i32>b[i];
    if (c == 37) {
      if (i + 2 >= b.length) return null;
      let h = hexVal(b[i + 1]), l = hexVal(b[i + 2]);
      if (h < 0 || l < 0) return null;
      out.push(<u8>((h << 4) | l));
      i += 2;
    } else if (c == 43) out.push(32);
    else out.push(<u8>c);
  }
  return fromBytes(out);
}

function strItems(v: Value): Array<Value> | null {
  let items: Array<Value>;
  if (v.t == T_STR) return [v];
  if (v.t == T_ARR) items = changetype<VArr>(v).items;
  else if (v.t == T_SET) items = changetype<VSet>(v).items;
  else return null;
  for (let i = 0; i < items.length; i++) if (items[i].t != T_STR) return null;
  return items;
}

/** urlquery.encode_object: keys sorted (as url.Values.Encode), values string/array/set. */
export function encodeObject(v: Value): Value | null {
  if (v.t != T_OBJ) return null;
  let o = changetype<VObj>(v);
  let parts = new Array<string>();
  for (let i = 0; i < o.keys.length; i++) {
    if (o.keys[i].t != T_STR) return null;
    let vals = strItems(o.vals[i]);
    if (vals === null) return null;
    let k = queryEscape(asStr(o.keys[i]));
    for (let j = 0; j < vals!.length; j++) parts.push(k + "=" + queryEscape(asStr(vals![j])));
  }
  return vstr(parts.join("&"));
}

/** urlquery.decode_object: url.ParseQuery; a ';' or a bad escape is an error. */
export function decodeObject(v: Value): Value | null {
  if (v.t != T_STR) return null;
  let pieces = asStr(v).split("&");
  let keys = new Array<string>();
  let vals = new Array<Array<Value>>();
  for (let i = 0; i < pieces.length; i++) {
    let p = pieces[i];
    if (p.length == 0) continue;
    if (p.indexOf(";") >= 0) return null;
    let eq = p.indexOf("=");
    let k = queryUnescape(eq < 0 ? p : p.substring(0, eq));
    let val = queryUnescape(eq < 0 ? "" : p.substring(eq + 1));
    if (k === null || val === null) return null;
    let at = keys.indexOf(k!);
    if (at < 0) { keys.push(k!); vals.push([]); at = keys.length - 1; }
    vals[at].push(vstr(val!));
  }
  let ks = new Array<Value>(), vs = new Array<Value>();
  for (let i = 0; i < keys.length; i++) { ks.push(vstr(keys[i])); vs.push(new VArr(vals[i])); }
  return objFrom(ks, vs);
}

// ── units ───────────────────────────────────────────────────────────────────────────
function digit(s: string, i: i32): bool { let c = s.charCodeAt(i); return i < s.length && c >= 48 && c <= 57; }

/** Splits "10Ki" into "10" and "Ki": the number is the leading digits and dots plus an
 *  exponent when one follows ("1e-3K" = 1e-3 K; "1E" is 1 exa, not an exponent). */
function numUnit(s: string): Array<string> {
  let i = 0;
  while (i < s.length) {
    let c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || c == 46)) break;
    i++;
  }
  if (i > 0 && i < s.length && (s.charCodeAt(i) | 32) == 101) {
    let j = i + 1;
    if (j < s.length && (s.charCodeAt(j) == 43 || s.charCodeAt(j) == 45)) j++;
    if (digit(s, j)) {
      while (digit(s, j)) j++;
      i = j;
    }
  }
  return [s.substring(0, i), s.substring(i)];
}

function decimal(num: string): f64 {
  if (num.length == 0 || num == ".") return NaN;
  let dots = 0;
  for (let i = 0; i < num.length; i++) {
    let c = num.charCodeAt(i);
    if ((c | 32) == 101) break;
    if (c == 46) dots++;
  }
  if (dots > 1 || num.charCodeAt(0) == 46 && num.length == 1) return NaN;
  return parseFloat(num);
}

const BIN: StaticArray<string> = ["ki", "mi", "gi", "ti", "pi", "ei"];
const DEC: StaticArray<string> = ["k", "m", "g", "t", "p", "e"];

/** units.parse: decimal (m, k/K, M, G…) and binary (Ki, Mi…) SI suffixes; 'm' is milli
 *  and 'M' mega, other suffixes are case-insensitive. */
export function unitsParse(v: Value): Value | null {
  if (v.t != T_STR) return null;
  let s = asStr(v).replaceAll("\"", "");
  if (s.indexOf(" ") >= 0) return null;
  let nu = numUnit(s);
  let x = decimal(nu[0]);
  if (isNaN(x)) return null;
  let u = nu[1];
  if (u == "m") return vfloat(x / 1000);
  let f: f64 = -1;
  let l = u.toLowerCase();
  if (u == "M") f = 1e6;
  else if (l.length == 0) f = 1;
  for (let i = 0; i < 6; i++) {
    if (l == DEC[i] && l != "m") f = Math.pow(1000, i + 1);
    if (l == BIN[i]) f = Math.pow(1024, i + 1);
  }
  if (f < 0) return null;
  // an integer amount: exact as OPA's 64-bit-mantissa big.Float, also beyond float64
  if (isDigits(nu[0])) return exactBytes(nu[0], <u64>f);
  return vfloat(x * f);
}

/** units.parse_bytes: case-insensitive KB/K (1000), KiB/Ki (1024) … E; the integer part
 *  of the product. */
export function unitsParseBytes(v: Value): Value | null {
  if (v.t != T_STR) return null;
  let s = asStr(v).replaceAll("\"", "").toLowerCase();
  if (s.indexOf(" ") >= 0) return null;
  let nu = numUnit(s);
  let x = decimal(nu[0]);
  if (isNaN(x)) return null;
  let u = nu[1];
  let f: f64 = -1;
  if (u.length == 0) f = 1;
  for (let i = 0; i < 6; i++) {
    if (u == DEC[i] || u == DEC[i] + "b") f = Math.pow(1000, i + 1);
    if (u == BIN[i] || u == BIN[i] + "b") f = Math.pow(1024, i + 1);
  }
  if (f < 0) return null;
  if (isDigits(nu[0])) return exactBytes(nu[0], <u64>f);
  let r = Math.floor(x * f);
  if (r < 9.2e18) return vint(<i64>r);
  return vfloat(r);
}

function isDigits(s: string): bool {
  for (let i = 0; i < s.length; i++) if (!digit(s, i)) return false;
  return s.length > 0;
}

/** An integer amount as OPA computes it: big.Floats of 64-bit mantissa (the amount, then
 *  the product, each rounded half to even), truncated to a big integer — exact beyond 2^64
 *  where float64 is not. */
function exactBytes(amount: string, factor: u64): Value {
  let n = roundToBits(natFromDecimal(amount), 64, false);
  let p = roundToBits(natMul(n, natFromU64(factor)), 64, false);
  let text = natToBase(p, 10);
  if (bitLength(p) < 63) return vint(I64.parseInt(text));
  return new VNum(false, 0, parseFloat(text), text);
}

// ── semver (OPA's reading, more lenient than SemVer 2.0.0) ─────────────────────────
// A leading "v" is dropped; "+metadata" then "-prerelease" are cut at their first
// separator and, when not empty, are dot-separated [0-9A-Za-z-]+ identifiers; the core is
// exactly three dot-separated Go int64s (leading zeros accepted).
class Semver {
  core: StaticArray<i64> = new StaticArray<i64>(3);
  pre: string = "";
}

function isNumeric(s: string): bool {
  if (s.length == 0) return false;
  for (let i = 0; i < s.length; i++) { let c = s.charCodeAt(i); if (c < 48 || c > 57) return false; }
  return true;
}

/** ^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$ */
function identsOk(s: string): bool {
  let parts = s.split(".");
  for (let p = 0; p < parts.length; p++) {
    let id = parts[p];
    if (id.length == 0) return false;
    for (let i = 0; i < id.length; i++) {
      let c = id.charCodeAt(i);
      if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45)) return false;
    }
  }
  return true;
}

/** Go's strconv.ParseInt(s, 10, 64): an optional sign, decimal digits, within int64
 *  (I64.MIN_VALUE marks an error: a core number never reaches it, "-" starts the prerelease). */
function goInt64(s: string): i64 {
  let neg = s.startsWith("-");
  let d = neg || s.startsWith("+") ? s.substring(1) : s;
  if (!isNumeric(d)) return I64.MIN_VALUE;
  let lim: u64 = neg ? 9223372036854775808 : 9223372036854775807;
  let v: u64 = 0;
  for (let i = 0; i < d.length; i++) {
    let digit = <u64>(d.charCodeAt(i) - 48);
    if (v > (lim - digit) / 10) return I64.MIN_VALUE;
    v = v * 10 + digit;
  }
  return neg ? <i64>(0 - v) : <i64>v;
}

export function parseSemver(s: string): Semver | null {
  if (s.startsWith("v")) s = s.substring(1);
  let plus = s.indexOf("+");
  if (plus >= 0) {
    let meta = s.substring(plus + 1);
    if (meta.length > 0 && !identsOk(meta)) return null;
    s = s.substring(0, plus);
  }
  let v = new Semver();
  let dash = s.indexOf("-");
  if (dash >= 0) {
    v.pre = s.substring(dash + 1);
    if (v.pre.length > 0 && !identsOk(v.pre)) return null;
    s = s.substring(0, dash);
  }
  let core = s.split(".");
  if (core.length != 3) return null;
  for (let i = 0; i < 3; i++) {
    let n = goInt64(core[i]);
    if (n == I64.MIN_VALUE) return null;
    v.core[i] = n;
  }
  return v;
}

/** A numeric identifier's value as Go's strconv.Atoi reads it (clamped on overflow). */
function atoi(s: string): i64 {
  let n = goInt64(s);
  return n == I64.MIN_VALUE ? I64.MAX_VALUE : n;
}

function cmpIdent(a: string, b: string): i32 {
  let na = isNumeric(a), nb = isNumeric(b);
  if (na && nb) {
    let x = atoi(a), y = atoi(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (na) return -1;
  if (nb) return 1;
  let c = compareStrings(a, b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

/** OPA's precedence: core, then no prerelease > any, then identifier by identifier
 *  (numbers by value, below words), then the longer list. */
export function semverCompare(a: Value, b: Value): Value | null {
  if (a.t != T_STR || b.t != T_STR) return null;
  let x = parseSemver(asStr(a)), y = parseSemver(asStr(b));
  if (x === null || y === null) return null;
  for (let i = 0; i < 3; i++) if (x!.core[i] != y!.core[i]) return vint(x!.core[i] < y!.core[i] ? -1 : 1);
  let p = x!.pre, q = y!.pre;
  if (p == q) return vint(0);
  if (p.length == 0 || q.length == 0) return vint(p.length == 0 ? 1 : -1);
  let ps = p.split("."), qs = q.split(".");
  for (let i = 0; i < ps.length && i < qs.length; i++) {
    let c = cmpIdent(ps[i], qs[i]);
    if (c != 0) return vint(c);
  }
  return vint(ps.length == qs.length ? 0 : (ps.length < qs.length ? -1 : 1));
}
