// glob.match following the semantics OPA inherits from gobwas/glob:
//   *  any run of non-delimiter characters     ** any run of characters
//   ?  one non-delimiter character             [abc] [a-z] [!abc] one character (list)
//   {a,b,…} alternatives (nestable, may hold patterns)   \x  literal x
// Delimiter handling ([] → ["."], null → none) is done by the caller.
// Braces are expanded into flat alternatives, each matched with an O(n·m) DP.
import { runes } from "./values";

const K_LIT = 0, K_ANY = 1, K_STAR = 2, K_SUPER = 3, K_CLASS = 4;

class Tok {
  constructor(public kind: i32, public cp: i32, public neg: bool, public ranges: Array<i32> | null) {}
}

let pat: Array<i32> = [];
let pos: i32 = 0;
let err: bool = false;
const MAX_ALTS = 4096;

function product(acc: Array<Array<Tok>>, alts: Array<Array<Tok>>): Array<Array<Tok>> {
  let out = new Array<Array<Tok>>();
  for (let i = 0; i < acc.length; i++) {
    for (let j = 0; j < alts.length; j++) {
      out.push(acc[i].concat(alts[j]));
      if (out.length > MAX_ALTS) { err = true; return out; }
    }
  }
  return out;
}

function append(acc: Array<Array<Tok>>, t: Tok): void {
  for (let i = 0; i < acc.length; i++) acc[i].push(t);
}

/** Parses a sequence until end, or (inBrace) until ',' or '}' at this level. */
function parseSeq(inBrace: bool): Array<Array<Tok>> {
  let acc = new Array<Array<Tok>>();
  acc.push(new Array<Tok>());
  while (pos < pat.length && !err) {
    let c = pat[pos];
    if (inBrace && (c == 0x2c || c == 0x7d)) break;
    pos++;
    if (c == 0x5c) { // backslash escape
      if (pos >= pat.length) { err = true; break; }
      append(acc, new Tok(K_LIT, pat[pos++], false, null));
    } else if (c == 0x2a) {
      if (pos < pat.length && pat[pos] == 0x2a) { pos++; append(acc, new Tok(K_SUPER, 0, false, null)); }
      else append(acc, new Tok(K_STAR, 0, false, null));
    } else if (c == 0x3f) append(acc, new Tok(K_ANY, 0, false, null));
    else if (c == 0x5b) {
      let neg = false;
      if (pos < pat.length && pat[pos] == 0x21) { neg = true; pos++; }
      let ranges = new Array<i32>();
      let closed = false;
      while (pos < pat.length) {
        let d = pat[pos++];
        if (d == 0x5d) { closed = true; break; }
        if (d == 0x5c) { if (pos >= pat.length) break; d = pat[pos++]; }
        let hi = d;
        if (pos + 1 < pat.length && pat[pos] == 0x2d && pat[pos + 1] != 0x5d) {
          hi = pat[pos + 1]; pos += 2;
          if (hi == 0x5c && pos < pat.length) hi = pat[pos++];
          if (hi < d) { err = true; break; }
        }
        ranges.push(d); ranges.push(hi);
      }
      if (!closed || ranges.length == 0) { err = true; break; }
      append(acc, new Tok(K_CLASS, 0, neg, ranges));
    } else if (c == 0x7b) {
      let alts = new Array<Array<Tok>>();
      while (true) {
        let sub = parseSeq(true);
        if (err) break;
        for (let i = 0; i < sub.length; i++) alts.push(sub[i]);
        if (pos >= pat.length) { err = true; break; }
        let d = pat[pos++];
        if (d == 0x7d) break;
      }
      if (err) break;
      acc = product(acc, alts);
    } else if (c == 0x7d && !inBrace) { err = true; break; }
    else append(acc, new Tok(K_LIT, c, false, null));
  }
  return acc;
}

function isDelim(c: i32, delims: Array<i32>): bool {
  for (let i = 0; i < delims.length; i++) if (delims[i] == c) return true;
  return false;
}

function inClass(t: Tok, c: i32): bool {
  let r = t.ranges!;
  let hit = false;
  for (let i = 0; i < r.length; i += 2) if (c >= r[i] && c <= r[i + 1]) { hit = true; break; }
  return t.neg ? !hit : hit;
}

function matchFlat(toks: Array<Tok>, s: Array<i32>, delims: Array<i32>): bool {
  let n = toks.length, m = s.length;
  // dp[j] for token i+1, computed backwards over tokens
  let next = new StaticArray<bool>(m + 1);
  let cur = new StaticArray<bool>(m + 1);
  next[m] = true; // empty pattern matches only the empty rest
  for (let i = n - 1; i >= 0; i--) {
    let t = toks[i];
    for (let j = m; j >= 0; j--) {
      let ok = false;
      switch (t.kind) {
        case K_LIT: ok = j < m && s[j] == t.cp && next[j + 1]; break;
        case K_ANY: ok = j < m && !isDelim(s[j], delims) && next[j + 1]; break;
        case K_CLASS: ok = j < m && inClass(t, s[j]) && next[j + 1]; break;
        case K_STAR: ok = next[j] || (j < m && !isDelim(s[j], delims) && cur[j + 1]); break;
        default: ok = next[j] || (j < m && cur[j + 1]); break;
      }
      cur[j] = ok;
    }
    let tmp = next; next = cur; cur = tmp;
    for (let j = 0; j <= m; j++) cur[j] = false;
  }
  return next[0];
}

function isSimple(pattern: string): bool {
  for (let i = 0; i < pattern.length; i++) {
    let c = pattern.charCodeAt(i);
    if (c == 0x3f || c == 0x5b || c == 0x5d || c == 0x7b || c == 0x7d || c == 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
    if (c == 0x2a && i + 1 < pattern.length && pattern.charCodeAt(i + 1) == 0x2a) return false;
  }
  return true;
}

function spanFree(s: string, from: i32, to: i32, delims: Array<string>): bool {
  if (delims.length == 0) return true;
  for (let i = from; i < to; i++) {
    let c = s.charCodeAt(i);
    for (let d = 0; d < delims.length; d++) if (delims[d].charCodeAt(0) == c) return false;
  }
  return true;
}

/** Fast path for the common patterns: literals and single `*`s only (no allocation of
 *  tokens). Leftmost placement of each literal segment is optimal: it minimises every
 *  `*` span, so if it leaves a delimiter in a span no later placement can avoid it. */
function simpleMatch(pattern: string, delims: Array<string>, s: string): bool {
  let star = pattern.indexOf("*");
  if (star < 0) return pattern == s;
  if (!s.startsWith(pattern.substring(0, star))) return false;
  let pos = star;           // position in s after the first literal
  let pi = star + 1;        // position in pattern after the star
  while (true) {
    let next = pattern.indexOf("*", pi);
    if (next < 0) { // last segment must be a suffix
      let tail = pattern.substring(pi);
      let at = s.length - tail.length;
      if (at < pos || !s.endsWith(tail)) return false;
      return spanFree(s, pos, at, delims);
    }
    let seg = pattern.substring(pi, next);
    let at = seg.length == 0 ? pos : s.indexOf(seg, pos);
    if (at < 0 || !spanFree(s, pos, at, delims)) return false;
    pos = at + seg.length;
    pi = next + 1;
  }
}

function delimsSimple(delims: Array<string>): bool {
  for (let i = 0; i < delims.length; i++) {
    let d = delims[i];
    if (d.length != 1) return false;
    let c = d.charCodeAt(0);
    if (c >= 0xd800 && c <= 0xdfff) return false;
  }
  return true;
}

/** 1 match, 0 no match, -1 invalid pattern. */
export function globMatch(pattern: string, delimiters: Array<string>, subject: string): i32 {
  if (isSimple(pattern) && delimsSimple(delimiters)) return simpleMatch(pattern, delimiters, subject) ? 1 : 0;
  pat = runes(pattern); pos = 0; err = false;
  let alts = parseSeq(false);
  if (err || pos != pat.length) return -1;
  let delims = new Array<i32>();
  for (let i = 0; i < delimiters.length; i++) {
    let rs = runes(delimiters[i]);
    for (let j = 0; j < rs.length; j++) delims.push(rs[j]);
  }
  let s = runes(subject);
  for (let i = 0; i < alts.length; i++) if (matchFlat(alts[i], s, delims)) return 1;
  return 0;
}

/** Escapes the glob metacharacters so the result matches the input literally. */
export function globQuoteMeta(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    let c = s.charAt(i);
    if (c == "*" || c == "?" || c == "\\" || c == "[" || c == "]" || c == "{" || c == "}") out += "\\";
    out += c;
  }
  return out;
}
