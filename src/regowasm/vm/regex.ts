// regex.*: a small RE2-syntax engine (unanchored search, like Go's regexp).
// Supported: literals, \xhh \x{h…} escapes, ., [classes] with ranges/negation/escapes,
// POSIX [[:alpha:]] / [[:^alpha:]] and \D \W \S inside brackets, \d \w \s \D \W \S,
// \b \B, ^ $ \A \z, * + ? {m} {m,} {m,n} and their lazy forms, alternation, groups
// (...) (?:...) (?P<name>...), flags i m s U as (?flags), (?-flags) and (?flags:...)
// (case folding is ASCII only). Limits: pattern × subject beyond 2^27 (instruction,
// position) pairs → undefined. Not supported (pattern error → undefined): Unicode classes
// \p{..}, \Q..\E, octal escapes, backreferences (not RE2 either).
// The pattern is compiled to instructions and run by a backtracking search with a
// visited set over (instruction, position) — linear in pattern × subject, no blow-up.
import { runes } from "./values";

const N_LIT = 0, N_ANY = 1, N_CLASS = 2, N_BOL = 3, N_EOL = 4, N_CAT = 5, N_ALT = 6, N_REP = 7, N_EMPTY = 8, N_WB = 9, N_NWB = 10, N_CAP = 11;

class RNode {
  kind: i32 = 0;
  cp: i32 = 0;
  neg: bool = false;
  ranges: Array<i32> | null = null;
  kids: Array<RNode> = [];
  min: i32 = 0;   // N_CAP: group number
  max: i32 = 0;
  lazy: bool = false;
  fold: bool = false; // N_LIT / N_CLASS under (?i); N_ANY under (?s); N_BOL/N_EOL under (?m)
}

let src: Array<i32> = [];
let at: i32 = 0;
let bad: bool = false;
let icase: bool = false;    // current flags while parsing
let multiline: bool = false;
let dotall: bool = false;
let ungreedy: bool = false;
let ncap: i32 = 1;                       // capture groups incl. group 0 (the match)
let capNames: Array<string> = [""];      // "" for unnamed groups

function node(kind: i32): RNode { let n = new RNode(); n.kind = kind; return n; }

function classNode(ranges: Array<i32>, neg: bool): RNode {
  let n = node(N_CLASS); n.ranges = ranges; n.neg = neg; n.fold = icase; return n;
}

/** The complement of a list of [lo, hi] ranges over all code points. */
function complement(r: Array<i32>): Array<i32> {
  // sort pairs by lo (insertion sort: classes are small)
  let lo = new Array<i32>(), hi = new Array<i32>();
  for (let i = 0; i < r.length; i += 2) {
    let j = lo.length;
    lo.push(0); hi.push(0);
    while (j > 0 && lo[j - 1] > r[i]) { lo[j] = lo[j - 1]; hi[j] = hi[j - 1]; j--; }
    lo[j] = r[i]; hi[j] = r[i + 1];
  }
  let out = new Array<i32>();
  let next = 0;
  for (let i = 0; i < lo.length; i++) {
    if (lo[i] > next) { out.push(next); out.push(lo[i] - 1); }
    if (hi[i] + 1 > next) next = hi[i] + 1;
  }
  if (next <= 0x10ffff) { out.push(next); out.push(0x10ffff); }
  return out;
}

const POSIX_NAMES: StaticArray<string> = ["alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "word", "xdigit"];
const POSIX_RANGES: StaticArray<string> = [
  "09AZaz", "AZaz", "\u0000\u007f", "\t\t  ", "\u0000\u001f\u007f\u007f", "09", "!~", "az", " ~",
  "!/:@[`{~", "\t\r  ", "AZ", "09AZaz__", "09AFaf",
];

/** [:name:] or [:^name:] at `at` (just after its '['): appends its ranges. */
function parsePosix(r: Array<i32>): bool {
  let end = at + 1;
  while (end + 1 < src.length && !(src[end] == 0x3a && src[end + 1] == 0x5d)) end++;
  if (end + 1 >= src.length) return false;
  let name = "";
  for (let i = at + 2; i < end; i++) name += String.fromCodePoint(src[i]);
  let neg = name.startsWith("^");
  if (neg) name = name.substring(1);
  for (let k = 0; k < POSIX_NAMES.length; k++) {
    if (POSIX_NAMES[k] != name) continue;
    let spec = POSIX_RANGES[k];
    let rr = new Array<i32>();
    for (let i = 0; i < spec.length; i++) rr.push(spec.charCodeAt(i));
    if (neg) rr = complement(rr);
    for (let i = 0; i < rr.length; i++) r.push(rr[i]);
    at = end + 2;
    return true;
  }
  bad = true; // [:name:] syntax with an unknown name is an error in RE2
  return false;
}

/** \xhh or \x{h…} after the backslash and 'x' (at points past the 'x'); -1 if invalid. */
function hexEscape(): i32 {
  let v = 0, digits = 0;
  let braced = at < src.length && src[at] == 0x7b;
  if (braced) at++;
  while (at < src.length && (braced || digits < 2)) {
    let c = src[at];
    if (braced && c == 0x7d) break;
    let d = c >= 48 && c <= 57 ? c - 48 : (c | 32) >= 97 && (c | 32) <= 102 ? (c | 32) - 87 : -1;
    if (d < 0) return -1;
    v = v * 16 + d; digits++; at++;
    if (v > 0x10ffff) return -1;
  }
  if (braced) { if (at >= src.length || src[at] != 0x7d) return -1; at++; }
  return digits == 0 || (!braced && digits != 2) ? -1 : v;
}

function addPerl(c: i32, r: Array<i32>): bool {
  if (c == 0x64 || c == 0x44) { r.push(48); r.push(57); return true; }
  if (c == 0x77 || c == 0x57) { r.push(48); r.push(57); r.push(65); r.push(90); r.push(97); r.push(122); r.push(95); r.push(95); return true; }
  if (c == 0x73 || c == 0x53) { r.push(9); r.push(10); r.push(12); r.push(13); r.push(32); r.push(32); return true; }
  return false;
}

function escapeChar(c: i32): i32 {
  switch (c) {
    case 0x6e: return 10; case 0x74: return 9; case 0x72: return 13; case 0x66: return 12; case 0x76: return 11;
  }
  // punctuation escapes are literals; letters/digits otherwise are unsupported
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) { bad = true; return 0; }
  return c;
}

function parseClass(): RNode {
  at++; // [
  let neg = false;
  if (at < src.length && src[at] == 0x5e) { neg = true; at++; }
  let r = new Array<i32>();
  let first = true;
  while (true) {
    if (at >= src.length) { bad = true; break; }
    let c = src[at];
    if (c == 0x5d && !first) { at++; break; }
    first = false;
    if (c == 0x5b && at + 1 < src.length && src[at + 1] == 0x3a) {
      if (parsePosix(r)) continue;
      if (bad) break;
    }
    at++;
    let lo = c;
    if (c == 0x5c) {
      if (at >= src.length) { bad = true; break; }
      let e = src[at++];
      let pr = new Array<i32>();
      if (addPerl(e, pr)) {
        if (e == 0x44 || e == 0x57 || e == 0x53) pr = complement(pr);
        for (let i = 0; i < pr.length; i++) r.push(pr[i]);
        continue;
      }
      if (e == 0x78) { lo = hexEscape(); if (lo < 0) { bad = true; break; } }
      else lo = escapeChar(e);
      if (bad) break;
    }
    let hi = lo;
    if (at + 1 < src.length && src[at] == 0x2d && src[at + 1] != 0x5d) {
      at++;
      hi = src[at++];
      if (hi == 0x5c) {
        if (at >= src.length) { bad = true; break; }
        let e = src[at++];
        if (e == 0x78) { hi = hexEscape(); if (hi < 0) { bad = true; break; } } else hi = escapeChar(e);
      }
      if (hi < lo) { bad = true; break; }
    }
    r.push(lo); r.push(hi);
  }
  return classNode(r, neg);
}

function parseAtom(): RNode | null {
  let c = src[at];
  if (c == 0x28) { // (
    at++;
    let group = -1;
    let name = "";
    if (at < src.length && src[at] == 0x3f) {
      at++;
      if (at < src.length && src[at] == 0x3a) at++;
      else if (at + 1 < src.length && src[at] == 0x50 && src[at + 1] == 0x3c) {
        at += 2;
        while (at < src.length && src[at] != 0x3e) name += String.fromCodePoint(src[at++]);
        if (at >= src.length || name.length == 0) { bad = true; return null; }
        at++;
        group = ncap++; capNames.push(name);
      } else {
        // flags: (?i) (?-s) (?im-sU) set them for the rest of the group; (?i:re) scopes them
        let on = true, any = false;
        let fi = icase, fm = multiline, fs = dotall, fu = ungreedy;
        while (at < src.length && src[at] != 0x29 && src[at] != 0x3a) {
          let f = src[at++];
          if (f == 0x2d && on) { on = false; continue; }
          if (f == 0x69) fi = on; else if (f == 0x6d) fm = on; else if (f == 0x73) fs = on; else if (f == 0x55) fu = on;
          else { bad = true; return null; }
          any = true;
        }
        if (at >= src.length || !any) { bad = true; return null; }
        if (src[at] == 0x29) { at++; icase = fi; multiline = fm; dotall = fs; ungreedy = fu; return node(N_EMPTY); }
        at++; // ':' — scoped, non-capturing
        let si = icase, sm = multiline, ss = dotall, su = ungreedy;
        icase = fi; multiline = fm; dotall = fs; ungreedy = fu;
        let body = parseAlt();
        icase = si; multiline = sm; dotall = ss; ungreedy = su;
        if (at >= src.length || src[at] != 0x29) { bad = true; return null; }
        at++;
        return body;
      }
    } else { group = ncap++; capNames.push(""); }
    let si = icase, sm = multiline, ss = dotall, su = ungreedy;
    let inner = parseAlt();
    icase = si; multiline = sm; dotall = ss; ungreedy = su;
    if (at >= src.length || src[at] != 0x29) { bad = true; return null; }
    at++;
    if (group < 0) return inner;
    let cap = node(N_CAP); cap.min = group; cap.kids.push(inner);
    return cap;
  }
  if (c == 0x5b) return parseClass();
  at++;
  if (c == 0x2e) { let n = node(N_ANY); n.fold = dotall; return n; }
  if (c == 0x5e) { let n = node(N_BOL); n.fold = multiline; return n; }
  if (c == 0x24) { let n = node(N_EOL); n.fold = multiline; return n; }
  if (c == 0x5c) {
    if (at >= src.length) { bad = true; return null; }
    let e = src[at++];
    if (e == 0x62) return node(N_WB);
    if (e == 0x42) return node(N_NWB);
    if (e == 0x41) return node(N_BOL); // \A: start of text, whatever (?m) says
    if (e == 0x7a) return node(N_EOL); // \z: end of text
    let r = new Array<i32>();
    if (addPerl(e, r)) return classNode(r, e == 0x44 || e == 0x57 || e == 0x53);
    let n = node(N_LIT); n.fold = icase;
    if (e == 0x78) { n.cp = hexEscape(); if (n.cp < 0) { bad = true; return null; } }
    else n.cp = escapeChar(e);
    return n;
  }
  if (c == 0x2a || c == 0x2b || c == 0x3f) { bad = true; return null; }
  let n = node(N_LIT); n.cp = c; n.fold = icase;
  return n;
}

function readInt(): i32 {
  let v = -1;
  while (at < src.length && src[at] >= 48 && src[at] <= 57) { v = (v < 0 ? 0 : v) * 10 + src[at] - 48; at++; if (v > 1000) { bad = true; return 0; } }
  return v;
}

function parseRepeat(): RNode | null {
  let a = parseAtom();
  if (a === null || bad) return null;
  let atom = a!;
  while (at < src.length) {
    let c = src[at];
    let mn = -1, mx = -1;
    if (c == 0x2a) { mn = 0; mx = -1; at++; }
    else if (c == 0x2b) { mn = 1; mx = -1; at++; }
    else if (c == 0x3f) { mn = 0; mx = 1; at++; }
    else if (c == 0x7b) {
      let save = at;
      at++;
      let lo = readInt();
      if (lo < 0) { at = save; break; } // literal '{'
      let hi = lo;
      if (at < src.length && src[at] == 0x2c) { at++; hi = readInt(); }
      if (at >= src.length || src[at] != 0x7d || (hi >= 0 && hi < lo)) { bad = true; return null; }
      at++;
      mn = lo; mx = hi;
    } else break;
    let lazy = at < src.length && src[at] == 0x3f;
    if (lazy) at++;
    if (ungreedy) lazy = !lazy;
    let r = node(N_REP); r.min = mn; r.max = mx; r.lazy = lazy; r.kids.push(atom);
    atom = r;
  }
  return atom;
}

function parseConcat(): RNode {
  let n = node(N_CAT);
  while (at < src.length && src[at] != 0x7c && src[at] != 0x29 && !bad) {
    let r = parseRepeat();
    if (r === null) break;
    n.kids.push(r!);
  }
  return n;
}

function parseAlt(): RNode {
  let first = parseConcat();
  if (at >= src.length || src[at] != 0x7c) return first;
  let n = node(N_ALT);
  n.kids.push(first);
  while (at < src.length && src[at] == 0x7c && !bad) { at++; n.kids.push(parseConcat()); }
  return n;
}

// ── compiler ──
const I_CHAR = 0, I_ANY = 1, I_CLASS = 2, I_SPLIT = 3, I_JMP = 4, I_MATCH = 5, I_BOL = 6, I_EOL = 7, I_WB = 8, I_NWB = 9, I_SAVE = 10;
let code: Array<i32> = [];      // op, x, y triples
let classes: Array<RNode> = [];

function emit(op: i32, x: i32, y: i32): i32 { let pc = code.length / 3; code.push(op); code.push(x); code.push(y); return pc; }
function patch(pc: i32, x: i32, y: i32): void { code[pc * 3 + 1] = x; code[pc * 3 + 2] = y; }
function pcNow(): i32 { return code.length / 3; }

function compileNode(n: RNode): void {
  if (code.length > 300000) { bad = true; return; }
  switch (n.kind) {
    case N_LIT: emit(I_CHAR, n.cp, n.fold ? 1 : 0); break;
    case N_ANY: emit(I_ANY, n.fold ? 1 : 0, 0); break;
    case N_CLASS: classes.push(n); emit(I_CLASS, classes.length - 1, 0); break;
    case N_BOL: emit(I_BOL, n.fold ? 1 : 0, 0); break;
    case N_EOL: emit(I_EOL, n.fold ? 1 : 0, 0); break;
    case N_WB: emit(I_WB, 0, 0); break;
    case N_NWB: emit(I_NWB, 0, 0); break;
    case N_EMPTY: break;
    case N_CAP: emit(I_SAVE, n.min * 2, 0); compileNode(n.kids[0]); emit(I_SAVE, n.min * 2 + 1, 0); break;
    case N_CAT: for (let i = 0; i < n.kids.length; i++) compileNode(n.kids[i]); break;
    case N_ALT: {
      let jumps = new Array<i32>();
      for (let i = 0; i < n.kids.length; i++) {
        if (i < n.kids.length - 1) {
          let split = emit(I_SPLIT, 0, 0);
          compileNode(n.kids[i]);
          jumps.push(emit(I_JMP, 0, 0));
          patch(split, split + 1, pcNow());
        } else compileNode(n.kids[i]);
      }
      let end = pcNow();
      for (let i = 0; i < jumps.length; i++) patch(jumps[i], end, 0);
      break;
    }
    case N_REP: {
      let kid = n.kids[0];
      for (let i = 0; i < n.min; i++) compileNode(kid);
      if (n.max < 0) {
        let split = emit(I_SPLIT, 0, 0);
        compileNode(kid);
        emit(I_JMP, split, 0);
        if (n.lazy) patch(split, pcNow(), split + 1); else patch(split, split + 1, pcNow());
      } else {
        let splits = new Array<i32>();
        for (let i = n.min; i < n.max; i++) { splits.push(emit(I_SPLIT, 0, 0)); compileNode(kid); }
        let end = pcNow();
        for (let i = 0; i < splits.length; i++) {
          if (n.lazy) patch(splits[i], end, splits[i] + 1); else patch(splits[i], splits[i] + 1, end);
        }
      }
      break;
    }
  }
}

function fold(c: i32): i32 { return c >= 65 && c <= 90 ? c + 32 : c; }

function classHas(n: RNode, c: i32): bool {
  let r = n.ranges!;
  let hit = false;
  for (let i = 0; i < r.length; i += 2) {
    if (c >= r[i] && c <= r[i + 1]) { hit = true; break; }
    if (n.fold) {
      let l = fold(c), u = c >= 97 && c <= 122 ? c - 32 : c;
      if ((l >= r[i] && l <= r[i + 1]) || (u >= r[i] && u <= r[i + 1])) { hit = true; break; }
    }
  }
  return n.neg ? !hit : hit;
}

function isWord(c: i32): bool { return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95; }

/** Compiles `pattern` into code/classes/ncap/capNames; false if it is invalid. */
function compileRe(pattern: string): bool {
  src = runes(pattern); at = 0; bad = false; ncap = 1; capNames = [""];
  icase = false; multiline = false; dotall = false; ungreedy = false;
  let tree = parseAlt();
  if (bad || at != src.length) return false;
  code = []; classes = [];
  compileNode(tree);
  if (bad) return false;
  emit(I_MATCH, 0, 0);
  return true;
}

// Allocated per top-level call: the heap is reset between evaluations, so no global
// may keep an allocation from an earlier call.
let visited = new StaticArray<u8>(0);
let fresh = true;

/** Leftmost-first match in s starting the search at `from`: fills caps (2 per group,
 *  -1 = unset; rune positions) and returns 1, 0 for no match, -1 over the size bound.
 *  A depth-first search in priority order with a visited set over (pc, pos) (RE2's
 *  "bit state"): the first thread to reach MATCH carries Go's submatches. */
function execAt(s: Array<i32>, from: i32, caps: Array<i32>): i32 {
  let n = s.length;
  let nInstr = code.length / 3;
  let width = n + 1;
  // the visited set is nInstr × (n+1) bits: refuse (→ undefined) beyond 16 MB of it
  if (<i64>nInstr * <i64>width > (<i64>1 << 27)) return -1;
  let bytes = ((nInstr * width) >> 3) + 1;
  if (fresh) { visited = new StaticArray<u8>(bytes); fresh = false; }
  else memory.fill(changetype<usize>(visited), 0, bytes);
  let stack = new Array<i32>(); // pairs (pc, pos); pc < 0: restore caps[-pc-1] = pos
  for (let start = from; start <= n; start++) {
    for (let k = 0; k < caps.length; k++) caps[k] = -1;
    stack.push(0); stack.push(start);
    while (stack.length > 0) {
      let pos = stack.pop();
      let pc = stack.pop();
      if (pc < 0) { caps[-pc - 1] = pos; continue; }
      while (true) {
        let bit = pc * width + pos;
        let mask = <i32>1 << <i32>(bit & 7);
        if ((<i32>visited[bit >> 3] & mask) != 0) break;
        visited[bit >> 3] = <u8>(<i32>visited[bit >> 3] | mask);
        let op = code[pc * 3];
        if (op == I_MATCH) { caps[0] = start; caps[1] = pos; return 1; }
        if (op == I_CHAR) {
          if (pos < n && (s[pos] == code[pc * 3 + 1] || (code[pc * 3 + 2] != 0 && fold(s[pos]) == fold(code[pc * 3 + 1])))) { pc++; pos++; continue; }
          break;
        }
        if (op == I_ANY) { if (pos < n && (s[pos] != 10 || code[pc * 3 + 1] != 0)) { pc++; pos++; continue; } break; }
        if (op == I_CLASS) { if (pos < n && classHas(classes[code[pc * 3 + 1]], s[pos])) { pc++; pos++; continue; } break; }
        if (op == I_SPLIT) { stack.push(code[pc * 3 + 2]); stack.push(pos); pc = code[pc * 3 + 1]; continue; }
        if (op == I_JMP) { pc = code[pc * 3 + 1]; continue; }
        if (op == I_SAVE) {
          let slot = code[pc * 3 + 1];
          stack.push(-slot - 1); stack.push(caps[slot]);
          caps[slot] = pos; pc++; continue;
        }
        if (op == I_BOL) { if (pos == 0 || (code[pc * 3 + 1] != 0 && s[pos - 1] == 10)) { pc++; continue; } break; }
        if (op == I_EOL) { if (pos == n || (code[pc * 3 + 1] != 0 && s[pos] == 10)) { pc++; continue; } break; }
        let wb = (pos > 0 && isWord(s[pos - 1])) != (pos < n && isWord(s[pos]));
        if ((op == I_WB) == wb) { pc++; continue; }
        break;
      }
    }
  }
  return 0;
}

/** 1 match, 0 no match, -1 invalid pattern. */
export function regexMatch(pattern: string, subject: string): i32 {
  if (!compileRe(pattern)) return -1;
  fresh = true;
  let caps = new Array<i32>(ncap * 2);
  return execAt(runes(subject), 0, caps);
}

export function regexValid(pattern: string): bool { return compileRe(pattern); }

/** Go's FindAllStringSubmatchIndex(s, max) over runes: a flat list of ncap*2 positions per
 *  match (an empty match right after the previous one is skipped); null if the pattern
 *  is invalid or too large. Leaves the compiled pattern's groups in regexGroups(). */
export function regexFindAll(pattern: string, s: Array<i32>, max: i32): Array<Array<i32>> | null {
  if (!compileRe(pattern)) return null;
  fresh = true;
  let out = new Array<Array<i32>>();
  let pos = 0, prevEnd = -1;
  while ((max < 0 || out.length < max) && pos <= s.length) {
    let caps = new Array<i32>(ncap * 2);
    let r = execAt(s, pos, caps);
    if (r < 0) return null;
    if (r == 0) break;
    let accept = true;
    if (caps[1] == caps[0]) {
      if (caps[0] == prevEnd) accept = false;
      pos = caps[1] + 1;
    } else pos = caps[1];
    prevEnd = caps[1];
    if (accept) out.push(caps);
  }
  return out;
}

export function regexGroupNames(): Array<string> { return capNames; }
