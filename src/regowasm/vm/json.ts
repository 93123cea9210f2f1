// JSON ⇄ Value, working directly on UTF-8 bytes in linear memory.
// Parse errors return null (never trap) so a malformed input leaves the VM usable.
import {
  Value, VNum, VStr, VArr, VObj, VSet, VBool, NULL, TRUE, FALSE,
  T_NULL, T_BOOL, T_NUM, T_STR, T_ARR, T_OBJ, objFrom, indexObject,
} from "./values";

let p: usize = 0;
let end: usize = 0;
let failed: bool = false;

@inline function peek(): i32 { return p < end ? <i32>load<u8>(p) : -1; }

function ws(): void {
  while (p < end) {
    let c = load<u8>(p);
    if (c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09) p++; else break;
  }
}

function fail(): Value { failed = true; return NULL; }

/** Parses JSON text at [ptr, ptr+len); returns null on any syntax error. */
export function parseJSON(ptr: usize, len: usize): Value | null {
  p = ptr; end = ptr + len; failed = false;
  ws();
  let v = value(0);
  if (failed) return null;
  ws();
  if (p != end) return null;
  return v;
}

export function parseJSONString(s: string): Value | null {
  let buf = String.UTF8.encode(s, false);
  return parseJSON(changetype<usize>(buf), <usize>buf.byteLength);
}

function lit(word: string, v: Value): Value {
  for (let i = 0; i < word.length; i++) {
    if (p >= end || <i32>load<u8>(p) != word.charCodeAt(i)) return fail();
    p++;
  }
  return v;
}

function value(depth: i32): Value {
  if (depth > 1000) return fail();
  ws();
  let c = peek();
  switch (c) {
    case 0x7b: return object(depth);
    case 0x5b: return array(depth);
    case 0x22: { let s = str(); return failed ? NULL : new VStr(s); }
    case 0x74: return lit("true", TRUE);
    case 0x66: return lit("false", FALSE);
    case 0x6e: return lit("null", NULL);
    default:
      if (c == 0x2d || (c >= 0x30 && c <= 0x39)) return number();
      return fail();
  }
}

function array(depth: i32): Value {
  p++;
  let items = new Array<Value>();
  ws();
  if (peek() == 0x5d) { p++; return new VArr(items); }
  while (true) {
    let v = value(depth + 1);
    if (failed) return NULL;
    items.push(v);
    ws();
    let c = peek();
    if (c == 0x2c) { p++; continue; }
    if (c == 0x5d) { p++; return new VArr(items); }
    return fail();
  }
}

function object(depth: i32): Value {
  p++;
  let keys = new Array<Value>(), vals = new Array<Value>();
  ws();
  if (peek() == 0x7d) { p++; return objFrom(keys, vals); }
  while (true) {
    ws();
    if (peek() != 0x22) return fail();
    let k = str();
    if (failed) return NULL;
    ws();
    if (peek() != 0x3a) return fail();
    p++;
    let v = value(depth + 1);
    if (failed) return NULL;
    keys.push(new VStr(k)); vals.push(v);
    ws();
    let c = peek();
    if (c == 0x2c) { p++; continue; }
    if (c == 0x7d) {
      p++;
      let o = objFrom(keys, vals);
      indexObject(o); // at parse time, so that data's index lives with the data (values.ts)
      return o;
    }
    return fail();
  }
}

function hex4(): i32 {
  if (p + 4 > end) { failed = true; return 0; }
  let r = 0;
  for (let i = 0; i < 4; i++) {
    let c = <i32>load<u8>(p++);
    let d = c >= 0x30 && c <= 0x39 ? c - 0x30 : (c >= 0x61 && c <= 0x66 ? c - 87 : (c >= 0x41 && c <= 0x46 ? c - 55 : -1));
    if (d < 0) { failed = true; return 0; }
    r = (r << 4) | d;
  }
  return r;
}

function str(): string {
  p++; // opening quote
  let start = p;
  // fast path: no escapes
  while (p < end) {
    let c = load<u8>(p);
    if (c == 0x22) { let s = String.UTF8.decodeUnsafe(start, p - start, false); p++; return s; }
    if (c == 0x5c || c < 0x20) break;
    p++;
  }
  // slow path: collect UTF-16 units
  let units = new Array<u16>();
  let pre = String.UTF8.decodeUnsafe(start, p - start, false);
  for (let i = 0; i < pre.length; i++) units.push(<u16>pre.charCodeAt(i));
  while (true) {
    if (p >= end) { failed = true; return ""; }
    let c = load<u8>(p);
    if (c == 0x22) { p++; break; }
    if (c < 0x20) { failed = true; return ""; }
    if (c == 0x5c) {
      p++;
      if (p >= end) { failed = true; return ""; }
      let e = load<u8>(p++);
      switch (e) {
        case 0x22: units.push(0x22); break;
        case 0x5c: units.push(0x5c); break;
        case 0x2f: units.push(0x2f); break;
        case 0x62: units.push(8); break;
        case 0x66: units.push(12); break;
        case 0x6e: units.push(10); break;
        case 0x72: units.push(13); break;
        case 0x74: units.push(9); break;
        case 0x75: { let u = hex4(); if (failed) return ""; units.push(<u16>u); break; }
        default: failed = true; return "";
      }
      continue;
    }
    // copy one UTF-8 run up to the next special byte
    let s0 = p;
    while (p < end) { let d = load<u8>(p); if (d == 0x22 || d == 0x5c || d < 0x20) break; p++; }
    let part = String.UTF8.decodeUnsafe(s0, p - s0, false);
    for (let i = 0; i < part.length; i++) units.push(<u16>part.charCodeAt(i));
  }
  return String.UTF16.decodeUnsafe(units.dataStart, <usize>units.length << 1);
}

function number(): Value {
  let start = p;
  let neg = false;
  if (peek() == 0x2d) { neg = true; p++; }
  let c = peek();
  if (c < 0x30 || c > 0x39) return fail();
  let intPart: i64 = 0;
  let overflow = false;
  if (c == 0x30) { p++; }
  else {
    while (p < end) {
      let d = <i32>load<u8>(p);
      if (d < 0x30 || d > 0x39) break;
      if (intPart > 922337203685477579) overflow = true;
      intPart = intPart * 10 + <i64>(d - 0x30);
      if (intPart < 0) overflow = true;
      p++;
    }
  }
  let isFloat = false;
  if (peek() == 0x2e) {
    isFloat = true; p++;
    let digits = 0;
    while (p < end) { let d = <i32>load<u8>(p); if (d < 0x30 || d > 0x39) break; p++; digits++; }
    if (digits == 0) return fail();
  }
  c = peek();
  if (c == 0x65 || c == 0x45) {
    isFloat = true; p++;
    c = peek();
    if (c == 0x2b || c == 0x2d) p++;
    let digits = 0;
    while (p < end) { let d = <i32>load<u8>(p); if (d < 0x30 || d > 0x39) break; p++; digits++; }
    if (digits == 0) return fail();
  }
  if (!isFloat && !overflow) return new VNum(true, neg ? -intPart : intPart, <f64>(neg ? -intPart : intPart), null);
  let text = String.UTF8.decodeUnsafe(start, p - start, false);
  return numberFromText(text);
}

/** Number from literal text (used for JSON and program constants). */
export function numberFromText(text: string): Value {
  let f = parseFloat(text);
  if (f == Math.floor(f) && inInt64(text)) return new VNum(true, I64.parseInt(text, 10), f, null);
  // OPA keeps number literals as written; integral floats compare equal to ints anyway
  return new VNum(false, 0, f, text);
}

/** An integer literal within int64 (OPA's Number.Int64 succeeds), decided on the text:
 *  digits only, and not beyond 9223372036854775807 / -9223372036854775808. */
function inInt64(text: string): bool {
  let neg = text.startsWith("-");
  let d = neg ? text.substring(1) : text;
  if (d.length == 0 || d.length > 19) return false;
  for (let i = 0; i < d.length; i++) { let c = d.charCodeAt(i); if (c < 48 || c > 57) return false; }
  if (d.length > 1 && d.charCodeAt(0) == 48) return false;
  return d.length < 19 || d <= (neg ? "9223372036854775808" : "9223372036854775807");
}

// ── dump ──────────────────────────────────────────────────────────────────────────────

let out: usize = 0;
let outLen: usize = 0;
let outCap: usize = 0;

function ensure(n: usize): void {
  if (outLen + n <= outCap) return;
  let cap = outCap * 2;
  if (cap < outLen + n) cap = outLen + n + 64;
  let nb = __alloc(cap);
  memory.copy(nb, out, outLen);
  out = nb; outCap = cap;
}

@inline function byte(b: i32): void { ensure(1); store<u8>(out + outLen, <u8>b); outLen++; }

function ascii(s: string): void {
  ensure(<usize>s.length);
  for (let i = 0; i < s.length; i++) store<u8>(out + outLen + <usize>i, <u8>s.charCodeAt(i));
  outLen += <usize>s.length;
}

const HEX = "0123456789abcdef";

function dumpString(s: string): void {
  byte(0x22);
  let n = s.length;
  ensure(<usize>n * 3 + 2);
  for (let i = 0; i < n; i++) {
    let c = <i32>s.charCodeAt(i);
    if (c < 0x80) {
      if (c == 0x22 || c == 0x5c) { byte(0x5c); byte(c); }
      else if (c < 0x20) {
        if (c == 10) { byte(0x5c); byte(0x6e); }
        else if (c == 13) { byte(0x5c); byte(0x72); }
        else if (c == 9) { byte(0x5c); byte(0x74); }
        else { ascii("\\u00"); byte(HEX.charCodeAt(c >> 4)); byte(HEX.charCodeAt(c & 15)); }
      } else byte(c);
    } else {
      let cp = c;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        let d = <i32>s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) { cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
      }
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd; // lone surrogate
      ensure(4);
      if (cp < 0x800) { byte(0xc0 | (cp >> 6)); byte(0x80 | (cp & 63)); }
      else if (cp < 0x10000) { byte(0xe0 | (cp >> 12)); byte(0x80 | ((cp >> 6) & 63)); byte(0x80 | (cp & 63)); }
      else { byte(0xf0 | (cp >> 18)); byte(0x80 | ((cp >> 12) & 63)); byte(0x80 | ((cp >> 6) & 63)); byte(0x80 | (cp & 63)); }
    }
  }
  byte(0x22);
}

export function formatNumber(n: VNum): string {
  if (n.isInt) return n.i.toString();
  let t = n.text;
  if (t !== null) return t;
  let f = n.f;
  if (isNaN(f) || !isFinite(f)) return "null";
  let s = f.toString();
  if (s.endsWith(".0")) s = s.substring(0, s.length - 2);
  return s;
}

function dumpValue(v: Value): void {
  switch (v.t) {
    case T_NULL: ascii("null"); break;
    case T_BOOL: ascii(changetype<VBool>(v).b ? "true" : "false"); break;
    case T_NUM: ascii(formatNumber(changetype<VNum>(v))); break;
    case T_STR: dumpString(changetype<VStr>(v).s); break;
    case T_ARR: {
      let items = changetype<VArr>(v).items;
      byte(0x5b);
      for (let i = 0; i < items.length; i++) { if (i > 0) byte(0x2c); dumpValue(unchecked(items[i])); }
      byte(0x5d);
      break;
    }
    case T_OBJ: {
      let o = changetype<VObj>(v);
      byte(0x7b);
      for (let i = 0; i < o.keys.length; i++) {
        if (i > 0) byte(0x2c);
        let k = unchecked(o.keys[i]);
        // JSON keys must be strings: non-string keys are dumped as their JSON text
        if (k.t == T_STR) dumpString(changetype<VStr>(k).s);
        else dumpString(dumpToString(k));
        byte(0x3a);
        dumpValue(unchecked(o.vals[i]));
      }
      byte(0x7d);
      break;
    }
    default: {
      let items = changetype<VSet>(v).items;
      byte(0x5b);
      for (let i = 0; i < items.length; i++) { if (i > 0) byte(0x2c); dumpValue(unchecked(items[i])); }
      byte(0x5d);
    }
  }
}

/** Dumps v as NUL-terminated UTF-8 JSON; returns its address. */
export function dumpJSON(v: Value): usize {
  outCap = 256; out = __alloc(outCap); outLen = 0;
  dumpValue(v);
  byte(0);
  return out;
}

export function dumpToString(v: Value): string {
  let saveOut = out, saveLen = outLen, saveCap = outCap;
  let addr = dumpJSON(v);
  let s = String.UTF8.decodeUnsafe(addr, outLen - 1, false);
  out = saveOut; outLen = saveLen; outCap = saveCap;
  return s;
}
