// Builtins over collections and integers: bits.*, array.reverse, object.union_n,
// object.filter, json.filter, json.remove, numbers.range_step, graph.reachable.
// Each returns null for undefined (type errors included, OPA non-strict).
import {
  Value, VArr, VObj, VSet, VNum, T_STR, T_ARR, T_OBJ, T_SET,
  equal, vint, vstr, isInt, asStr, objGet, objPut, newObj, newSet, setFrom, setHas, setAdd, objFrom,
} from "./values";
import { VBool, T_BOOL, NULL } from "./values";
import { dumpToString } from "./json";
import { cidrContainsAny } from "./cidr";

function int(v: Value): i64 { return changetype<VNum>(v).i; }

/** bits.and/or/xor/lsh/rsh (op 0-4) over integers; shifts need a shift count ≥ 0.
 *  Results beyond i64 (OPA uses big ints) are reported as undefined. */
export function bits2(op: i32, a: Value, b: Value): Value | null {
  if (!isInt(a) || !isInt(b)) return null;
  let x = int(a), y = int(b);
  switch (op) {
    case 0: return vint(x & y);
    case 1: return vint(x | y);
    case 2: return vint(x ^ y);
    case 3: {
      if (y < 0) return null;
      if (x == 0) return vint(0);
      if (y >= 63) return null;
      let r = x << y;
      if ((r >> y) != x) return null;
      return vint(r);
    }
  }
  if (y < 0) return null;
  if (y >= 63) return vint(x < 0 ? -1 : 0);
  return vint(x >> y);
}

export function bitsNegate(a: Value): Value | null {
  if (!isInt(a)) return null;
  return vint(~int(a));
}

export function arrayReverse(a: Value): Value | null {
  if (a.t != T_ARR) return null;
  let c = changetype<VArr>(a).items.slice(0);
  c.reverse();
  return new VArr(c);
}

/** object.union: b wins; nested objects are unioned recursively. */
export function unionObjects(a: VObj, b: VObj): VObj {
  let out = new VObj(a.keys.slice(0), a.vals.slice(0));
  for (let i = 0; i < b.keys.length; i++) {
    let k = b.keys[i], bv = b.vals[i];
    let av = objGet(out, k);
    if (av !== null && av!.t == T_OBJ && bv.t == T_OBJ) objPut(out, k, unionObjects(changetype<VObj>(av), changetype<VObj>(bv)));
    else objPut(out, k, bv);
  }
  return out;
}

export function objectUnionN(a: Value): Value | null {
  if (a.t != T_ARR) return null;
  let items = changetype<VArr>(a).items;
  let acc = newObj();
  for (let i = 0; i < items.length; i++) {
    if (items[i].t != T_OBJ) return null;
    acc = unionObjects(acc, changetype<VObj>(items[i]));
  }
  return acc;
}

function collection(v: Value): Array<Value> | null {
  if (v.t == T_ARR) return changetype<VArr>(v).items;
  if (v.t == T_SET) return changetype<VSet>(v).items;
  if (v.t == T_OBJ) return changetype<VObj>(v).keys;
  return null;
}

/** object.filter(object, keys): keys as array, set or object (its keys). */
export function objectFilter(o: Value, keys: Value): Value | null {
  if (o.t != T_OBJ) return null;
  let ks = collection(keys);
  if (ks === null) return null;
  let src = changetype<VObj>(o);
  let outK = new Array<Value>(), outV = new Array<Value>();
  for (let i = 0; i < ks!.length; i++) {
    let v = objGet(src, ks![i]);
    if (v !== null) { outK.push(ks![i]); outV.push(v!); }
  }
  return objFrom(outK, outV);
}

// ── json.filter / json.remove: a tree of paths; a leaf covers everything below it ──
class PNode {
  leaf: bool = false;
  keys: Array<Value> = [];
  kids: Array<PNode> = [];
  get(k: Value): PNode | null {
    for (let i = 0; i < this.keys.length; i++) if (equal(this.keys[i], k)) return this.kids[i];
    return null;
  }
}

/** JSON-pointer-ish string path "a/b/c" (leading "/" ignored, ~1 → "/", ~0 → "~"). */
function stringPath(p: string): Array<Value> {
  while (p.startsWith("/")) p = p.substring(1);
  let parts = p.split("/");
  let out = new Array<Value>();
  for (let i = 0; i < parts.length; i++) out.push(vstr(parts[i].replaceAll("~1", "/").replaceAll("~0", "~")));
  return out;
}

function pathTree(paths: Value): PNode | null {
  let items: Array<Value>;
  if (paths.t == T_ARR) items = changetype<VArr>(paths).items;
  else if (paths.t == T_SET) items = changetype<VSet>(paths).items;
  else return null;
  let root = new PNode();
  for (let i = 0; i < items.length; i++) {
    let p = items[i];
    let segs: Array<Value>;
    if (p.t == T_STR) segs = stringPath(asStr(p));
    else if (p.t == T_ARR) segs = changetype<VArr>(p).items;
    else return null;
    let node = root;
    for (let j = 0; j < segs.length && !node.leaf; j++) {
      let next = node.get(segs[j]);
      if (next === null) { next = new PNode(); node.keys.push(segs[j]); node.kids.push(next!); }
      node = next!;
    }
    node.leaf = true;
    node.keys = []; node.kids = [];
  }
  return root;
}

function keep(v: Value, node: PNode): Value {
  if (node.leaf) return v;
  if (v.t == T_OBJ) {
    let o = changetype<VObj>(v);
    let outK = new Array<Value>(), outV = new Array<Value>();
    for (let i = 0; i < o.keys.length; i++) {
      let kid = node.get(o.keys[i]);
      if (kid !== null) { outK.push(o.keys[i]); outV.push(keep(o.vals[i], kid!)); }
    }
    return new VObj(outK, outV);
  }
  if (v.t == T_ARR) {
    let items = changetype<VArr>(v).items;
    let out = new Array<Value>();
    for (let i = 0; i < items.length; i++) {
      let kid = node.get(vstr(i.toString()));
      if (kid !== null) out.push(keep(items[i], kid!));
    }
    return new VArr(out);
  }
  if (v.t == T_SET) {
    let items = changetype<VSet>(v).items;
    let out = new Array<Value>();
    for (let i = 0; i < items.length; i++) {
      let kid = node.get(items[i]);
      if (kid !== null) out.push(keep(items[i], kid!));
    }
    return setFrom(out);
  }
  return v;
}

/** null = removed entirely. */
function drop(v: Value, node: PNode | null): Value | null {
  if (node === null) return v;
  if (node.leaf) return null;
  if (v.t == T_OBJ) {
    let o = changetype<VObj>(v);
    let outK = new Array<Value>(), outV = new Array<Value>();
    for (let i = 0; i < o.keys.length; i++) {
      let r = drop(o.vals[i], node.get(o.keys[i]));
      if (r !== null) { outK.push(o.keys[i]); outV.push(r!); }
    }
    return new VObj(outK, outV);
  }
  if (v.t == T_ARR) {
    let items = changetype<VArr>(v).items;
    let out = new Array<Value>();
    for (let i = 0; i < items.length; i++) {
      let r = drop(items[i], node.get(vstr(i.toString())));
      if (r !== null) out.push(r!);
    }
    return new VArr(out);
  }
  if (v.t == T_SET) {
    let items = changetype<VSet>(v).items;
    let out = new Array<Value>();
    for (let i = 0; i < items.length; i++) {
      let r = drop(items[i], node.get(items[i]));
      if (r !== null) out.push(r!);
    }
    return setFrom(out);
  }
  return v;
}

export function jsonFilter(o: Value, paths: Value): Value | null {
  if (o.t != T_OBJ) return null;
  let tree = pathTree(paths);
  if (tree === null) return null;
  return keep(o, tree!);
}

export function jsonRemove(o: Value, paths: Value): Value | null {
  if (o.t != T_OBJ) return null;
  let tree = pathTree(paths);
  if (tree === null) return null;
  if (tree!.leaf) return newObj();
  return drop(o, tree!);
}

/** numbers.range_step(a, b, step): step > 0; counts down when a > b; b only if hit. */
export function rangeStep(a: Value, b: Value, s: Value): Value | null {
  if (!isInt(a) || !isInt(b) || !isInt(s)) return null;
  let x = int(a), y = int(b), step = int(s);
  if (step <= 0) return null;
  let span = x <= y ? y - x : x - y;
  if (span / step > 10000000) return null;
  let out = new Array<Value>();
  if (x <= y) for (let v = x; v <= y; v += step) out.push(vint(v));
  else for (let v = x; v >= y; v -= step) out.push(vint(v));
  return new VArr(out);
}

/** graph.reachable(graph, initial): vertices reachable from `initial` (an array or set);
 *  only vertices that are keys of the graph are reported. Like OPA, a non-object graph
 *  or a non-collection `initial` gives the empty set, not an error. */
export function graphReachable(g: Value, initial: Value): Value | null {
  if (g.t != T_OBJ || (initial.t != T_ARR && initial.t != T_SET)) return newSet();
  let graph = changetype<VObj>(g);
  let queue = collection(initial)!.slice(0);
  let reached = newSet();
  let out = new Array<Value>();
  for (let qi = 0; qi < queue.length; qi++) {
    let node = queue[qi];
    if (setHas(reached, node)) continue;
    let edges = objGet(graph, node);
    if (edges === null) continue;
    setAdd(reached, node);
    out.push(node);
    if (edges!.t == T_ARR || edges!.t == T_SET) {
      let es = collection(edges!)!;
      for (let i = 0; i < es.length; i++) queue.push(es[i]);
    }
  }
  return setFrom(out);
}

/** (key, cidr-or-ip) pairs of a net.cidr_contains_matches operand: a string is its own
 *  key; arrays use indexes, sets the element, objects their keys; an element may be a
 *  string or an array whose first element is the string. null on a type error. */
function cidrItems(v: Value, keys: Array<Value>, addrs: Array<string>): bool {
  if (v.t == T_STR) { keys.push(v); addrs.push(asStr(v)); return true; }
  let ks: Array<Value>, vs: Array<Value>;
  if (v.t == T_ARR) {
    vs = changetype<VArr>(v).items; ks = new Array<Value>();
    for (let i = 0; i < vs.length; i++) ks.push(vint(i));
  } else if (v.t == T_SET) { vs = changetype<VSet>(v).items; ks = vs; }
  else if (v.t == T_OBJ) { ks = changetype<VObj>(v).keys; vs = changetype<VObj>(v).vals; }
  else return false;
  for (let i = 0; i < vs.length; i++) {
    let e = vs[i];
    if (e.t == T_ARR && changetype<VArr>(e).items.length > 0) e = changetype<VArr>(e).items[0];
    if (e.t != T_STR) return false;
    keys.push(ks[i]); addrs.push(asStr(e));
  }
  return true;
}

export function cidrContainsMatches(a: Value, b: Value): Value | null {
  let ka = new Array<Value>(), xa = new Array<string>(), kb = new Array<Value>(), xb = new Array<string>();
  if (!cidrItems(a, ka, xa) || !cidrItems(b, kb, xb)) return null;
  let out = new Array<Value>();
  for (let i = 0; i < xa.length; i++) for (let j = 0; j < xb.length; j++) {
    let r = cidrContainsAny(xa[i], xb[j]);
    if (r < 0) return null;
    if (r == 1) out.push(new VArr([ka[i], kb[j]]));
  }
  return setFrom(out);
}

/** Key text of an object entry exactly as the compact dumper writes it. */
function keyText(k: Value): string {
  let one = dumpToString(new VObj([k], [NULL]));
  return one.substring(1, one.length - 6); // strip "{" and ":null}"
}

/** Go's json.MarshalIndent layout: elements on new lines, prefix + indent × depth; empty
 *  arrays/objects stay "[]"/"{}"; no prefix before the first line. */
function pretty(v: Value, prefix: string, indent: string, depth: i32): string {
  let items: Array<Value> | null = null;
  if (v.t == T_ARR) items = changetype<VArr>(v).items;
  else if (v.t == T_SET) items = changetype<VSet>(v).items;
  if (items !== null) {
    if (items!.length == 0) return "[]";
    let inner = "\n" + prefix + indent.repeat(depth + 1);
    let out = "[";
    for (let i = 0; i < items!.length; i++) out += (i > 0 ? "," : "") + inner + pretty(items![i], prefix, indent, depth + 1);
    return out + "\n" + prefix + indent.repeat(depth) + "]";
  }
  if (v.t == T_OBJ) {
    let o = changetype<VObj>(v);
    if (o.keys.length == 0) return "{}";
    let inner = "\n" + prefix + indent.repeat(depth + 1);
    let out = "{";
    for (let i = 0; i < o.keys.length; i++) {
      out += (i > 0 ? "," : "") + inner + keyText(o.keys[i]) + ": " + pretty(o.vals[i], prefix, indent, depth + 1);
    }
    return out + "\n" + prefix + indent.repeat(depth) + "}";
  }
  return dumpToString(v);
}

/** json.marshal_with_options(x, {pretty, prefix, indent}): pretty when asked, or when a
 *  prefix/indent is given without `pretty`; indent defaults to a tab. Unknown keys and
 *  wrongly typed options are errors. */
export function marshalWithOptions(x: Value, opts: Value): Value | null {
  if (opts.t != T_OBJ) return null;
  let o = changetype<VObj>(opts);
  let pr = -1; // unset
  let prefix = "", indent = "\t";
  let given = false;
  for (let i = 0; i < o.keys.length; i++) {
    let k = o.keys[i], val = o.vals[i];
    if (k.t != T_STR) return null;
    let name = asStr(k);
    if (name == "pretty") { if (val.t != T_BOOL) return null; pr = changetype<VBool>(val).b ? 1 : 0; }
    else if (name == "prefix") { if (val.t != T_STR) return null; prefix = asStr(val); given = true; }
    else if (name == "indent") { if (val.t != T_STR) return null; indent = asStr(val); given = true; }
    else return null;
  }
  if (pr == 0 || (pr < 0 && !given)) return vstr(dumpToString(x));
  return vstr(pretty(x, prefix, indent, 0));
}
