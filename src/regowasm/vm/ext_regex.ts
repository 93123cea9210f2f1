// regex.split / find_n / find_all_string_submatch_n / replace on the VM's RE2-subset
// engine (regex.ts), following Go's regexp Split, FindAllString(Submatch) and
// ReplaceAllString ($1, ${name}, $$ expansion). Positions are runes.
import { Value, VArr, T_STR, vstr, asStr, isInt, VNum, runes, TRUE, FALSE } from "./values";
import { regexFindAll, regexGroupNames, regexMatch } from "./regex";

function text(s: Array<i32>, a: i32, b: i32): string {
  let out = "";
  for (let i = a; i < b; i++) out += String.fromCodePoint(s[i]);
  return out;
}

function strArr(xs: Array<string>): Value {
  let out = new Array<Value>();
  for (let i = 0; i < xs.length; i++) out.push(vstr(xs[i]));
  return new VArr(out);
}

export function regexSplit(p: Value, v: Value): Value | null {
  if (p.t != T_STR || v.t != T_STR) return null;
  let s = runes(asStr(v));
  let ms = regexFindAll(asStr(p), s, -1);
  if (ms === null) return null;
  if (asStr(p).length > 0 && s.length == 0) return strArr([""]);
  let parts = new Array<string>();
  let beg = 0, end = 0;
  for (let i = 0; i < ms!.length; i++) {
    let m = ms![i];
    end = m[0];
    if (m[1] != 0) parts.push(text(s, beg, end));
    beg = m[1];
  }
  if (end != s.length) parts.push(text(s, beg, s.length));
  return strArr(parts);
}

function count(n: Value): i32 {
  let v = changetype<VNum>(n).i;
  return v < 0 ? -1 : (v > 1000000 ? 1000000 : <i32>v);
}

/** regex.find_n (sub = false) and regex.find_all_string_submatch_n (sub = true). */
export function regexFind(p: Value, v: Value, n: Value, sub: bool): Value | null {
  if (p.t != T_STR || v.t != T_STR || !isInt(n)) return null;
  let s = runes(asStr(v));
  let ms = regexFindAll(asStr(p), s, count(n));
  if (ms === null) return null;
  let out = new Array<Value>();
  for (let i = 0; i < ms!.length; i++) {
    let m = ms![i];
    if (!sub) { out.push(vstr(text(s, m[0], m[1]))); continue; }
    let groups = new Array<string>();
    for (let g = 0; g < m.length; g += 2) groups.push(m[g] < 0 ? "" : text(s, m[g], m[g + 1]));
    out.push(strArr(groups));
  }
  return new VArr(out);
}

function nameChar(c: i32): bool {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c > 127;
}

/** Go's Regexp.expand of a ReplaceAllString template for one match. */
function expand(t: Array<i32>, s: Array<i32>, m: Array<i32>, names: Array<string>): string {
  let out = "";
  let i = 0;
  while (i < t.length) {
    let c = t[i];
    if (c != 36 || i + 1 >= t.length) { out += String.fromCodePoint(c); i++; continue; }
    if (t[i + 1] == 36) { out += "$"; i += 2; continue; }
    let j = i + 1;
    let brace = t[j] == 123;
    if (brace) j++;
    let k = j;
    while (k < t.length && nameChar(t[k])) k++;
    if (k == j || (brace && (k >= t.length || t[k] != 125))) { out += "$"; i++; continue; }
    let name = text(t, j, k);
    i = brace ? k + 1 : k;
    let num = 0;
    for (let x = 0; x < name.length; x++) {
      let d = name.charCodeAt(x);
      if (d < 48 || d > 57 || num >= 100000000) { num = -1; break; }
      num = num * 10 + d - 48;
    }
    if (name.length > 1 && name.charCodeAt(0) == 48) num = -1;
    let g = num;
    if (num < 0) { g = -1; for (let x = 0; x < names.length; x++) if (names[x] == name && name.length > 0) { g = x; break; } }
    if (g >= 0 && 2 * g + 1 < m.length && m[2 * g] >= 0) out += text(s, m[2 * g], m[2 * g + 1]);
  }
  return out;
}

/** regex.replace(s, pattern, template) = Go's ReplaceAllString. */
export function regexReplace(v: Value, p: Value, r: Value): Value | null {
  if (p.t != T_STR || v.t != T_STR || r.t != T_STR) return null;
  let s = runes(asStr(v));
  let ms = regexFindAll(asStr(p), s, -1);
  if (ms === null) return null;
  let names = regexGroupNames();
  let t = runes(asStr(r));
  let out = "";
  let last = 0;
  for (let i = 0; i < ms!.length; i++) {
    let m = ms![i];
    out += text(s, last, m[0]) + expand(t, s, m, names);
    last = m[1];
  }
  return vstr(out + text(s, last, s.length));
}

/** Go's regexp.QuoteMeta: backslash before each of \.+*?()|[]{}^$ */
function quoteMeta(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    let c = s.charAt(i);
    if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) out += "\\";
    out += c;
  }
  return out;
}

/** regex.template_match(template, value, start, end): literal text outside the
 *  (single-character, balanced) delimiters, regular expressions inside, anchored. */
export function templateMatch(t: Value, v: Value, ds: Value, de: Value): Value | null {
  if (t.t != T_STR || v.t != T_STR || ds.t != T_STR || de.t != T_STR) return null;
  let tpl = asStr(t), open = asStr(ds), close = asStr(de);
  if (open.length != 1 || close.length != 1) return null;
  let pattern = "^";
  let depth = 0, litStart = 0, innerStart = 0;
  for (let i = 0; i < tpl.length; i++) {
    let c = tpl.charAt(i);
    if (c == open) {
      if (depth == 0) { pattern += quoteMeta(tpl.substring(litStart, i)); innerStart = i + 1; }
      depth++;
    } else if (c == close) {
      depth--;
      if (depth < 0) return null;
      if (depth == 0) { pattern += "(" + tpl.substring(innerStart, i) + ")"; litStart = i + 1; }
    }
  }
  if (depth != 0) return null;
  pattern += quoteMeta(tpl.substring(litStart)) + "$";
  let r = regexMatch(pattern, asStr(v));
  if (r < 0) return null;
  return r == 1 ? TRUE : FALSE;
}
