// json.patch(target, patches): RFC 6902 (add, remove, replace, move, copy, test),
// applied atomically: any failing operation makes the whole call undefined. Paths are
// JSON pointers ("/a/0", "~1" = "/", "~0" = "~"; OPA trims every leading "/", so "a/b"
// and "//a/b" both name a.b) or arrays of segments; in a set a segment names the element
// itself (OPA's extension), so an element can only be added under its own value, and
// `replace` is OPA's remove-then-add: it fails on a set element unless the value is the
// element itself, and through a composite set element (the edited element no longer
// matches the path's segment). Values are never mutated: every update copies the
// containers on its path (constants and inputs are shared).
import {
  Value, VArr, VObj, VSet, VNum, T_STR, T_ARR, T_OBJ, T_SET, T_NUM,
  equal, vstr, asStr, objGet, objPut, setFrom,
} from "./values";

const OP_ADD = 0, OP_REMOVE = 1;

function pointer(p: Value): Array<Value> | null {
  if (p.t == T_ARR) return changetype<VArr>(p).items;
  if (p.t != T_STR) return null;
  let s = asStr(p);
  let out = new Array<Value>();
  if (s.length == 0) return out;
  let from = 0;
  while (from < s.length && s.charCodeAt(from) == 47) from++;
  let parts = s.substring(from).split("/");
  for (let i = 0; i < parts.length; i++) out.push(vstr(parts[i].replaceAll("~1", "/").replaceAll("~0", "~")));
  return out;
}

/** Array index of a segment: canonical digits or an integer number; -2 for "-". */
function index(seg: Value): i64 {
  if (seg.t == T_NUM) { let n = changetype<VNum>(seg); return n.isInt && n.i >= 0 ? n.i : -1; }
  if (seg.t != T_STR) return -1;
  let s = asStr(seg);
  if (s == "-") return -2;
  if (s.length == 0 || s.length > 9 || (s.length > 1 && s.charCodeAt(0) == 48)) return -1;
  let v: i64 = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

function child(doc: Value, seg: Value): Value | null {
  if (doc.t == T_OBJ) return objGet(changetype<VObj>(doc), seg);
  if (doc.t == T_ARR) {
    let items = changetype<VArr>(doc).items;
    let i = index(seg);
    return i >= 0 && i < <i64>items.length ? items[<i32>i] : null;
  }
  if (doc.t == T_SET) {
    let items = changetype<VSet>(doc).items;
    for (let i = 0; i < items.length; i++) if (equal(items[i], seg)) return items[i];
  }
  return null;
}

function get(doc: Value, path: Array<Value>): Value | null {
  let cur: Value | null = doc;
  for (let i = 0; i < path.length && cur !== null; i++) cur = child(cur!, path[i]);
  return cur;
}

/** Applies op to the container at path[0..k) with the last segment; copies on the way. */
function update(doc: Value, path: Array<Value>, k: i32, op: i32, val: Value | null): Value | null {
  let seg = path[k];
  if (k < path.length - 1) {
    let c = child(doc, seg);
    if (c === null) return null;
    let nc = update(c!, path, k + 1, op, val);
    if (nc === null) return null;
    return replaceChild(doc, seg, nc!);
  }
  if (doc.t == T_OBJ) {
    let o = changetype<VObj>(doc);
    let exists = objGet(o, seg) !== null;
    if (op == OP_REMOVE) {
      if (!exists) return null;
      let ks = new Array<Value>(), vs = new Array<Value>();
      for (let i = 0; i < o.keys.length; i++) if (!equal(o.keys[i], seg)) { ks.push(o.keys[i]); vs.push(o.vals[i]); }
      return new VObj(ks, vs);
    }
    let out = new VObj(o.keys.slice(0), o.vals.slice(0));
    objPut(out, seg, val!);
    return out;
  }
  if (doc.t == T_ARR) {
    let items = changetype<VArr>(doc).items.slice(0);
    let i = index(seg);
    if (i == -2 && op == OP_ADD) { items.push(val!); return new VArr(items); }
    if (i < 0 || i > <i64>items.length || (op == OP_REMOVE && i == <i64>items.length)) return null;
    let at = <i32>i;
    if (op == OP_ADD) { items.push(val!); for (let j = items.length - 1; j > at; j--) items[j] = items[j - 1]; items[at] = val!; }
    else items.splice(at, 1);
    return new VArr(items);
  }
  if (doc.t == T_SET) {
    let items = changetype<VSet>(doc).items;
    let out = new Array<Value>();
    let found = false;
    for (let i = 0; i < items.length; i++) { if (equal(items[i], seg)) found = true; else out.push(items[i]); }
    if (op == OP_REMOVE && !found) return null;
    if (op == OP_ADD) { if (!equal(val!, seg)) return null; out.push(val!); }
    return setFrom(out);
  }
  return null;
}

function replaceChild(doc: Value, seg: Value, c: Value): Value | null {
  if (doc.t == T_OBJ) return update(doc, [seg], 0, OP_ADD, c);
  if (doc.t == T_ARR) {
    let items = changetype<VArr>(doc).items.slice(0);
    items[<i32>index(seg)] = c;
    return new VArr(items);
  }
  if (doc.t == T_SET) {
    let items = changetype<VSet>(doc).items;
    let out = new Array<Value>();
    for (let i = 0; i < items.length; i++) if (!equal(items[i], seg)) out.push(items[i]);
    out.push(c);
    return setFrom(out);
  }
  return null;
}

function apply(doc: Value, path: Array<Value>, op: i32, val: Value | null): Value | null {
  if (path.length == 0) return op == OP_REMOVE ? null : val;
  return update(doc, path, 0, op, val);
}

function isPrefix(a: Array<Value>, b: Array<Value>): bool {
  if (a.length >= b.length) return false;
  for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
  return true;
}

export function jsonPatch(target: Value, patches: Value): Value | null {
  let list: Array<Value>;
  if (patches.t == T_ARR) list = changetype<VArr>(patches).items;
  else if (patches.t == T_SET) list = changetype<VSet>(patches).items;
  else return null;
  let doc = target;
  for (let i = 0; i < list.length; i++) {
    if (list[i].t != T_OBJ) return null;
    let p = changetype<VObj>(list[i]);
    let opV = objGet(p, vstr("op")), pathV = objGet(p, vstr("path"));
    if (opV === null || pathV === null || opV!.t != T_STR) return null;
    let path = pointer(pathV!);
    if (path === null) return null;
    let op = asStr(opV!);
    let value = objGet(p, vstr("value"));
    let next: Value | null = null;
    if (op == "add") {
      if (value === null) return null;
      next = apply(doc, path!, OP_ADD, value);
    } else if (op == "replace") {
      if (value === null) return null;
      let removed = path!.length == 0 ? doc : apply(doc, path!, OP_REMOVE, null);
      next = removed === null ? null : apply(removed!, path!, OP_ADD, value);
    } else if (op == "remove") {
      next = apply(doc, path!, OP_REMOVE, null);
    } else if (op == "test") {
      if (value === null) return null;
      let cur = get(doc, path!);
      if (cur === null || !equal(cur!, value!)) return null;
      next = doc;
    } else if (op == "move" || op == "copy") {
      let fromV = objGet(p, vstr("from"));
      if (fromV === null) return null;
      let from = pointer(fromV!);
      if (from === null) return null;
      let v = get(doc, from!);
      if (v === null) return null;
      if (op == "move") {
        if (isPrefix(from!, path!)) return null;
        let removed = apply(doc, from!, OP_REMOVE, null);
        if (removed === null) return null;
        next = apply(removed!, path!, OP_ADD, v);
      } else next = apply(doc, path!, OP_ADD, v);
    } else return null;
    if (next === null) return null;
    doc = next!;
  }
  return doc;
}
