// Argument helpers shared by the builtins: type tests and conversions of Rego values.
import { Value, VArr, VNum, VSet, T_NUM, T_STR, T_ARR, T_SET, asStr } from "./values";

@inline export function isNum(v: Value): bool { return v.t == T_NUM; }
@inline export function isStr(v: Value): bool { return v.t == T_STR; }

/** Elements of an array or set (else null). */
export function elems(v: Value): Array<Value> | null {
  if (v.t == T_ARR) return changetype<VArr>(v).items;
  if (v.t == T_SET) return changetype<VSet>(v).items;
  return null;
}

export function strList(v: Value): Array<string> | null {
  let items = elems(v);
  if (items === null) return null;
  let out = new Array<string>();
  for (let i = 0; i < items!.length; i++) {
    let e = items![i];
    if (!isStr(e)) return null;
    out.push(asStr(e));
  }
  return out;
}

export function fromRunes(rs: Array<i32>, start: i32, end: i32): string {
  let out = "";
  for (let i = start; i < end; i++) out += String.fromCodePoint(rs[i]);
  return out;
}

export function toInt(v: Value): i64 {
  let n = changetype<VNum>(v);
  return n.isInt ? n.i : <i64>n.f;
}

export function intArg(v: Value): bool {
  if (!isNum(v)) return false;
  let n = changetype<VNum>(v);
  return n.isInt || n.f == Math.floor(n.f);
}
