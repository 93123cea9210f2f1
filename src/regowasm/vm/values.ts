// Rego value model. Objects and sets keep their entries SORTED (by Rego order) so that
// lookup is a binary search, comparison/equality are linear walks and JSON dumps come
// out in OPA's canonical order without extra work.

export const T_NULL: i32 = 0;
export const T_BOOL: i32 = 1;
export const T_NUM: i32 = 2;
export const T_STR: i32 = 3;
export const T_ARR: i32 = 4;
export const T_OBJ: i32 = 5;
export const T_SET: i32 = 6;

export class Value {
  constructor(public t: i32) {}
}

export class VBool extends Value {
  constructor(public b: bool) { super(T_BOOL); }
}

/** Numbers keep integers exact (i64) and everything else as f64; `text` keeps the
 *  literal of a non-integer number so it dumps exactly as it was written. */
export class VNum extends Value {
  constructor(public isInt: bool, public i: i64, public f: f64, public text: string | null) { super(T_NUM); }
}

export class VStr extends Value {
  constructor(public s: string) { super(T_STR); }
}

export class VArr extends Value {
  constructor(public items: Array<Value>) { super(T_ARR); }
}

export class VObj extends Value {
  /** Hash index over the keys (see indexObject), or null: look keys up by binary search. */
  index: StaticArray<u32> | null = null;
  constructor(public keys: Array<Value>, public vals: Array<Value>) { super(T_OBJ); }
}

/** A set's items are sorted and unique whenever they are read. setAdd appends out-of-order
 *  items to an unsorted tail (`dirty`) instead of shifting the array on every insert, and the
 *  first read sorts and dedupes once: building an n-element set costs O(n log n), not O(n²). */
export class VSet extends Value {
  private _items: Array<Value>;
  dirty: bool = false;
  constructor(items: Array<Value>) { super(T_SET); this._items = items; }
  get items(): Array<Value> {
    if (this.dirty) normalizeSet(this);
    return this._items;
  }
  set items(v: Array<Value>) { this._items = v; this.dirty = false; }
  /** The items as stored (possibly with an unsorted tail): for setAdd only. */
  get raw(): Array<Value> { return this._items; }
}

function normalizeSet(s: VSet): void {
  let items = s.raw;
  sortValues(items);
  let k = 0;
  for (let i = 0; i < items.length; i++) {
    let v = unchecked(items[i]);
    if (k == 0 || compare(unchecked(items[k - 1]), v) != 0) unchecked(items[k++] = v);
  }
  items.length = k;
  s.dirty = false;
}

export const NULL: Value = new Value(T_NULL);
export const TRUE: VBool = new VBool(true);
export const FALSE: VBool = new VBool(false);

export function vbool(b: bool): Value { return b ? TRUE : FALSE; }
// Small integers are preallocated at instantiation (below the heap the host resets), so
// scan indexes, counts and small results allocate nothing.
const SMALL_INTS: StaticArray<VNum> = makeSmallInts();
function makeSmallInts(): StaticArray<VNum> {
  let a = new StaticArray<VNum>(1024);
  for (let i = 0; i < 1024; i++) a[i] = new VNum(true, <i64>i, <f64>i, null);
  return a;
}

export function vint(i: i64): Value {
  if (i >= 0 && i < 1024) return unchecked(SMALL_INTS[<i32>i]);
  return new VNum(true, i, <f64>i, null);
}
export function vstr(s: string): Value { return new VStr(s); }

/** A float result; integral values within ±2^53 become exact ints (OPA prints 3, not 3.0). */
export function vfloat(f: f64): Value {
  if (f == Math.floor(f) && Math.abs(f) <= 9007199254740992.0) return vint(<i64>f);
  return new VNum(false, 0, f, null);
}

export function numF(v: Value): f64 {
  let n = changetype<VNum>(v);
  return n.isInt ? <f64>n.i : n.f;
}

export function isInt(v: Value): bool {
  return v.t == T_NUM && changetype<VNum>(v).isInt;
}

export function asStr(v: Value): string { return changetype<VStr>(v).s; }

// ── ordering ─────────────────────────────────────────────────────────────────────────

/** Compares strings by code point (= UTF-8 byte order, as Go/OPA do), not UTF-16 unit. */
export function compareStrings(a: string, b: string): i32 {
  let la = a.length, lb = b.length;
  let n = la < lb ? la : lb;
  let pa = changetype<usize>(a), pb = changetype<usize>(b);
  if (pa == pb) return 0;
  let i = 0;
  // skip equal 4-unit blocks quickly
  while (i + 4 <= n && load<u64>(pa + (<usize>i << 1)) == load<u64>(pb + (<usize>i << 1))) i += 4;
  for (; i < n; i++) {
    let x = <i32>load<u16>(pa + (<usize>i << 1)), y = <i32>load<u16>(pb + (<usize>i << 1));
    if (x != y) {
      // surrogates (D800–DFFF) encode code points above every BMP unit
      if (x >= 0xd800 && x <= 0xdfff && y >= 0xe000) return 1;
      if (y >= 0xd800 && y <= 0xdfff && x >= 0xe000) return -1;
      return x < y ? -1 : 1;
    }
  }
  return la == lb ? 0 : (la < lb ? -1 : 1);
}

function compareNums(a: VNum, b: VNum): i32 {
  if (a.isInt && b.isInt) return a.i == b.i ? 0 : (a.i < b.i ? -1 : 1);
  let x = a.isInt ? <f64>a.i : a.f, y = b.isInt ? <f64>b.i : b.f;
  return x == y ? 0 : (x < y ? -1 : 1);
}

function compareLists(a: Array<Value>, b: Array<Value>): i32 {
  let n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    let c = compare(unchecked(a[i]), unchecked(b[i]));
    if (c != 0) return c;
  }
  return a.length == b.length ? 0 : (a.length < b.length ? -1 : 1);
}

/** Rego's total order: null < boolean < number < string < array < object < set. */
export function compare(a: Value, b: Value): i32 {
  if (a === b) return 0;
  if (a.t != b.t) return a.t < b.t ? -1 : 1;
  switch (a.t) {
    case T_NULL: return 0;
    case T_BOOL: {
      let x = changetype<VBool>(a).b, y = changetype<VBool>(b).b;
      return x == y ? 0 : (x ? 1 : -1);
    }
    case T_NUM: return compareNums(changetype<VNum>(a), changetype<VNum>(b));
    case T_STR: return compareStrings(changetype<VStr>(a).s, changetype<VStr>(b).s);
    case T_ARR: return compareLists(changetype<VArr>(a).items, changetype<VArr>(b).items);
    case T_OBJ: {
      let x = changetype<VObj>(a), y = changetype<VObj>(b);
      let n = x.keys.length < y.keys.length ? x.keys.length : y.keys.length;
      for (let i = 0; i < n; i++) {
        let c = compare(unchecked(x.keys[i]), unchecked(y.keys[i]));
        if (c != 0) return c;
        c = compare(unchecked(x.vals[i]), unchecked(y.vals[i]));
        if (c != 0) return c;
      }
      return x.keys.length == y.keys.length ? 0 : (x.keys.length < y.keys.length ? -1 : 1);
    }
    default: return compareLists(changetype<VSet>(a).items, changetype<VSet>(b).items);
  }
}

export function equal(a: Value, b: Value): bool { return compare(a, b) == 0; }

// ── sorted-collection helpers ────────────────────────────────────────────────────────

/** Key comparisons made by object lookups (binary-search steps, hash-index candidates),
 *  cumulative since instantiation: exported (rolec_vm_lookup_steps) so tests can check
 *  that a lookup's cost does not grow with the size of the object (test/regowasm/vm). */
export let lookupSteps: u32 = 0;

/** Index of key in sorted list, or -(insertionPoint + 1). */
export function search(list: Array<Value>, key: Value): i32 {
  let lo = 0, hi = list.length - 1;
  while (lo <= hi) {
    let mid = (lo + hi) >>> 1;
    lookupSteps++;
    let c = compare(unchecked(list[mid]), key);
    if (c == 0) return mid;
    if (c < 0) lo = mid + 1; else hi = mid - 1;
  }
  return -(lo + 1);
}

// ── hash index of large objects ──────────────────────────────────────────────────────
// Why: the tables of data.json (permissions by role, includes, assignments, …) are
// objects of up to 10^5 string keys, read by key on every request. A binary search
// touches ~log2(n) keys, each a pointer chase to a string far away in a heap of tens of
// MB (the keys of a parsed object lie between their values): at 10,000 roles that was
// half of a decision's time and twice the 1,000-role figure (docs/regowasm.md, "Object
// lookup"). The index answers with one probe into a contiguous table and one key check.
// It is built when an object is parsed (setData's data or the input), never during a
// lookup: data lives below the heap the host resets before each evaluation, and an index
// built lazily during one would be freed under the object by the next.

/** Objects with at least this many keys get an index; below it binary search is as fast. */
export const INDEX_MIN_KEYS = 16;

/** FNV-1a over the string's UTF-16 code units, two at a time, then murmur3's finaliser
 *  (the table is addressed by the low bits, which FNV's multiply alone leaves weak). */
export function strHash(s: string): u32 {
  let p = changetype<usize>(s), n = <usize>s.length << 1;
  let h: u32 = 0x811c9dc5;
  let i: usize = 0;
  for (; i + 4 <= n; i += 4) h = (h ^ load<u32>(p + i)) * 0x01000193;
  if (i < n) h = (h ^ <u32>load<u16>(p + i)) * 0x01000193;
  h ^= h >>> 16; h *= 0x85ebca6b; h ^= h >>> 13; h *= 0xc2b2ae35; h ^= h >>> 16;
  return h;
}

/** Builds o's hash index when o is large and all its keys are strings (always so for
 *  parsed JSON). Open addressing, load ≤ 1/2: slot s holds [hash, key index + 1], 0 = empty. */
export function indexObject(o: VObj): void {
  let keys = o.keys;
  let n = keys.length;
  if (n < INDEX_MIN_KEYS) return;
  for (let i = 0; i < n; i++) if (unchecked(keys[i]).t != T_STR) return;
  let cap = 1;
  while (cap < n << 1) cap <<= 1;
  let table = new StaticArray<u32>(cap << 1);
  let mask = <u32>cap - 1;
  for (let i = 0; i < n; i++) {
    let h = strHash(changetype<VStr>(unchecked(keys[i])).s);
    let s = h & mask;
    while (unchecked(table[(s << 1) + 1]) != 0) s = (s + 1) & mask;
    unchecked(table[s << 1] = h);
    unchecked(table[(s << 1) + 1] = <u32>i + 1);
  }
  o.index = table;
}

/** Index of string key k in o via its hash index, or -1. */
function indexFind(o: VObj, table: StaticArray<u32>, k: string): i32 {
  let h = strHash(k);
  let mask = (<u32>table.length >>> 1) - 1;
  let s = h & mask;
  let at = unchecked(table[(s << 1) + 1]);
  while (at != 0) {
    if (unchecked(table[s << 1]) == h) {
      lookupSteps++;
      let i = <i32>at - 1;
      if (changetype<VStr>(unchecked(o.keys[i])).s == k) return i;
    }
    s = (s + 1) & mask;
    at = unchecked(table[(s << 1) + 1]);
  }
  return -1;
}

export function objGet(o: VObj, key: Value): Value | null {
  let table = o.index;
  if (table !== null && key.t == T_STR) {
    let j = indexFind(o, table, changetype<VStr>(key).s);
    return j >= 0 ? unchecked(o.vals[j]) : null;
  }
  let i = search(o.keys, key);
  return i >= 0 ? unchecked(o.vals[i]) : null;
}

/** Inserts or overwrites; returns the previous value (null if none). */
export function objPut(o: VObj, key: Value, val: Value): Value | null {
  let i = search(o.keys, key);
  if (i >= 0) {
    let old = unchecked(o.vals[i]);
    unchecked(o.vals[i] = val);
    return old;
  }
  let at = -i - 1;
  o.index = null; // a new key: the index no longer covers the keys
  if (at == o.keys.length) { o.keys.push(key); o.vals.push(val); }
  else { insertAt(o.keys, at, key); insertAt(o.vals, at, val); }
  return null;
}

export function insertAt(list: Array<Value>, at: i32, v: Value): void {
  let n = list.length;
  if (at == n) { list.push(v); return; }
  list.push(v);
  for (let i = n; i > at; i--) unchecked(list[i] = list[i - 1]);
  unchecked(list[at] = v);
}

export function setHas(s: VSet, v: Value): bool { return search(s.items, v) >= 0; }

/** Small sets stay sorted on every insert; larger ones take out-of-order items into the tail. */
const SET_INSERT_LIMIT = 32;

export function setAdd(s: VSet, v: Value): void {
  let items = s.raw;
  let n = items.length;
  if (!s.dirty) {
    if (n == 0) { items.push(v); return; }
    let c = compare(unchecked(items[n - 1]), v);
    if (c < 0) { items.push(v); return; }
    if (c == 0) return;
    if (n < SET_INSERT_LIMIT) {
      let i = search(items, v);
      if (i < 0) insertAt(items, -i - 1, v);
      return;
    }
  }
  items.push(v);
  s.dirty = true;
}

export function newObj(): VObj { return new VObj(new Array<Value>(), new Array<Value>()); }
export function newSet(): VSet { return new VSet(new Array<Value>()); }

/** Builds a set from arbitrary items: sort + dedupe (O(n log n)). */
export function setFrom(items: Array<Value>): VSet {
  sortValues(items);
  let out = new Array<Value>();
  for (let i = 0; i < items.length; i++) {
    let v = unchecked(items[i]);
    if (out.length == 0 || compare(out[out.length - 1], v) != 0) out.push(v);
  }
  return new VSet(out);
}

// merge sort (stable, no closures needed)
export function sortValues(a: Array<Value>): void {
  let n = a.length;
  if (n < 2) return;
  let tmp = new Array<Value>(n);
  for (let width = 1; width < n; width <<= 1) {
    for (let lo = 0; lo < n; lo += width << 1) {
      let mid = min(lo + width, n), hi = min(lo + (width << 1), n);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        if (compare(unchecked(a[j]), unchecked(a[i])) < 0) unchecked(tmp[k++] = a[j++]);
        else unchecked(tmp[k++] = a[i++]);
      }
      while (i < mid) unchecked(tmp[k++] = a[i++]);
      while (j < hi) unchecked(tmp[k++] = a[j++]);
    }
    for (let x = 0; x < n; x++) unchecked(a[x] = tmp[x]);
  }
}

/** Builds an object from parallel key/value lists (later duplicates win, like JSON). */
export function objFrom(keys: Array<Value>, vals: Array<Value>): VObj {
  let n = keys.length;
  if (n <= 16) return objFromSmall(keys, vals);
  // sort indices by key (stable), then keep the last of each run of equal keys
  let idx = new Array<i32>(n);
  for (let i = 0; i < n; i++) unchecked(idx[i] = i);
  let tmp = new Array<i32>(n);
  for (let width = 1; width < n; width <<= 1) {
    for (let lo = 0; lo < n; lo += width << 1) {
      let mid = min(lo + width, n), hi = min(lo + (width << 1), n);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        if (compare(unchecked(keys[unchecked(idx[j])]), unchecked(keys[unchecked(idx[i])])) < 0) unchecked(tmp[k++] = idx[j++]);
        else unchecked(tmp[k++] = idx[i++]);
      }
      while (i < mid) unchecked(tmp[k++] = idx[i++]);
      while (j < hi) unchecked(tmp[k++] = idx[j++]);
    }
    for (let x = 0; x < n; x++) unchecked(idx[x] = tmp[x]);
  }
  let ok = new Array<Value>(), ov = new Array<Value>();
  for (let i = 0; i < n; i++) {
    let k = unchecked(keys[unchecked(idx[i])]);
    let v = unchecked(vals[unchecked(idx[i])]);
    if (ok.length > 0 && compare(ok[ok.length - 1], k) == 0) ov[ov.length - 1] = v;
    else { ok.push(k); ov.push(v); }
  }
  return new VObj(ok, ov);
}

/** Insertion sort in place (small objects, the common case in JSON input). */
function objFromSmall(keys: Array<Value>, vals: Array<Value>): VObj {
  let n = keys.length;
  let m = 0; // entries kept so far, sorted in [0, m)
  for (let i = 0; i < n; i++) {
    let k = unchecked(keys[i]), v = unchecked(vals[i]);
    let j = m - 1;
    let c = -1;
    while (j >= 0) {
      c = compare(unchecked(keys[j]), k);
      if (c <= 0) break;
      j--;
    }
    if (j >= 0 && c == 0) { unchecked(vals[j] = v); continue; } // duplicate key: last wins
    for (let x = m; x > j + 1; x--) { unchecked(keys[x] = keys[x - 1]); unchecked(vals[x] = vals[x - 1]); }
    unchecked(keys[j + 1] = k); unchecked(vals[j + 1] = v);
    m++;
  }
  keys.length = m; vals.length = m;
  return new VObj(keys, vals);
}

/** Rune count of a UTF-16 string (a surrogate pair is one rune). */
export function runeCount(s: string): i32 {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      let d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Decodes a string into code points. */
export function runes(s: string): Array<i32> {
  let out = new Array<i32>();
  for (let i = 0; i < s.length; i++) {
    let c = <i32>s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      let d = <i32>s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
    }
    out.push(c);
  }
  return out;
}

export function typeName(v: Value): string {
  switch (v.t) {
    case T_NULL: return "null";
    case T_BOOL: return "boolean";
    case T_NUM: return "number";
    case T_STR: return "string";
    case T_ARR: return "array";
    case T_OBJ: return "object";
    default: return "set";
  }
}
