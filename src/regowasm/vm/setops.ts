// Set algebra (intersection, union, difference) and object.subset.
import { Value, VArr, VObj, VSet, T_ARR, T_OBJ, T_SET, equal, objGet, newSet, setHas, setFrom } from "./values";

export function setOf(v: Value): VSet { return changetype<VSet>(v); }

export function setIntersect(a: VSet, b: VSet): VSet {
  let out = newSet();
  for (let i = 0; i < a.items.length; i++) if (setHas(b, a.items[i])) out.items.push(a.items[i]);
  return out;
}

export function setUnion(a: VSet, b: VSet): VSet {
  let all = a.items.concat(b.items);
  return setFrom(all);
}

export function setMinus(a: VSet, b: VSet): VSet {
  let out = newSet();
  for (let i = 0; i < a.items.length; i++) if (!setHas(b, a.items[i])) out.items.push(a.items[i]);
  return out;
}

/** object.subset(super, sub): 1/0, or -1 on a type error. Objects recurse key-wise; sets
 *  and array-vs-set test membership; arrays test for a contiguous sub-array. */
export function subset(sup: Value, sub: Value): i32 {
  if (sup.t == T_OBJ && sub.t == T_OBJ) return objSubset(changetype<VObj>(sup), changetype<VObj>(sub)) ? 1 : 0;
  if (sup.t == T_SET && sub.t == T_SET) return setSubset(changetype<VSet>(sup).items, changetype<VSet>(sub).items) ? 1 : 0;
  if (sup.t == T_ARR && sub.t == T_SET) return setSubset(changetype<VArr>(sup).items, changetype<VSet>(sub).items) ? 1 : 0;
  if (sup.t == T_ARR && sub.t == T_ARR) return arraySubset(changetype<VArr>(sup).items, changetype<VArr>(sub).items) ? 1 : 0;
  return -1;
}

function setSubset(sup: Array<Value>, sub: Array<Value>): bool {
  for (let i = 0; i < sub.length; i++) {
    let found = false;
    for (let j = 0; j < sup.length; j++) if (equal(sup[j], sub[i])) { found = true; break; }
    if (!found) return false;
  }
  return true;
}

function arraySubset(sup: Array<Value>, sub: Array<Value>): bool {
  if (sub.length == 0) return true;
  for (let s = 0; s + sub.length <= sup.length; s++) {
    let ok = true;
    for (let k = 0; k < sub.length; k++) if (!equal(sup[s + k], sub[k])) { ok = false; break; }
    if (ok) return true;
  }
  return false;
}

function objSubset(sup: VObj, sub: VObj): bool {
  for (let i = 0; i < sub.keys.length; i++) {
    let sv = objGet(sup, sub.keys[i]);
    if (sv === null) return false;
    let bv = sub.vals[i];
    let r = sv!.t == bv.t && (bv.t == T_OBJ || bv.t == T_SET || bv.t == T_ARR) ? subset(sv!, bv) : (equal(sv!, bv) ? 1 : 0);
    if (r != 1) return false;
  }
  return true;
}
