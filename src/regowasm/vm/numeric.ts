// Arithmetic (exact i64 where it fits, else f64), the aggregates and to_number.
import { Value, VArr, VNum, VBool, T_NULL, T_BOOL, T_NUM, T_STR, compare, vbool, vint, vfloat, numF, asStr, sortValues } from "./values";
import { parseJSONString } from "./json";
import { elems, isNum } from "./args";

export function arith(op: i32, a: Value, b: Value): Value | null {
  if (!isNum(a) || !isNum(b)) return null;
  let x = changetype<VNum>(a), y = changetype<VNum>(b);
  if (x.isInt && y.isInt) {
    let p = x.i, q = y.i;
    switch (op) {
      case 6: { let r = p + q; if (((p ^ r) & (q ^ r)) >= 0) return vint(r); break; }
      case 7: { let r = p - q; if (((p ^ q) & (p ^ r)) >= 0) return vint(r); break; }
      case 8: {
        if (p == 0 || q == 0) return vint(0);
        let r = p * q;
        if (r / q == p && !(p == -1 && q == I64.MIN_VALUE) && !(q == -1 && p == I64.MIN_VALUE)) return vint(r);
        break;
      }
      case 9: { if (q == 0) return null; if (p % q == 0) return vint(p / q); break; }
      case 10: { if (q == 0) return null; return vint(p % q); }
    }
  }
  let fx = numF(a), fy = numF(b);
  switch (op) {
    case 6: return vfloat(fx + fy);
    case 7: return vfloat(fx - fy);
    case 8: return vfloat(fx * fy);
    case 9: return fy == 0 ? null : vfloat(fx / fy);
    default: {
      // OPA: modulo requires integers
      if (fx != Math.floor(fx) || fy != Math.floor(fy) || fy == 0) return null;
      return vfloat(fx % fy);
    }
  }
}

export function aggregate(id: i32, v: Value): Value | null {
  let items = elems(v);
  if (items === null) return null;
  if (id == 20 || id == 21) { // sum, product
    let acc: Value = vint(id == 20 ? 0 : 1);
    for (let i = 0; i < items!.length; i++) {
      let r = arith(id == 20 ? 6 : 8, acc, items![i]);
      if (r === null) return null;
      acc = r!;
    }
    return acc;
  }
  if (id == 22 || id == 23) { // max, min
    if (items!.length == 0) return null;
    let best = items![0];
    for (let i = 1; i < items!.length; i++) {
      let c = compare(items![i], best);
      if ((id == 22 && c > 0) || (id == 23 && c < 0)) best = items![i];
    }
    return best;
  }
  if (id == 24) { let c = items!.slice(0); sortValues(c); return new VArr(c); }
  // all / any over booleans
  let anyTrue = false, allTrue = true;
  for (let i = 0; i < items!.length; i++) {
    let e = items![i];
    let t = e.t == T_BOOL && changetype<VBool>(e).b;
    if (t) anyTrue = true; else allTrue = false;
  }
  return vbool(id == 25 ? allTrue : anyTrue);
}

export function toNumber(v: Value): Value | null {
  switch (v.t) {
    case T_NULL: return vint(0);
    case T_BOOL: return vint(changetype<VBool>(v).b ? 1 : 0);
    case T_NUM: return v;
    case T_STR: {
      let s = asStr(v);
      let parsed = parseJSONString(s);
      if (parsed === null || parsed!.t != T_NUM) return null;
      return parsed;
    }
  }
  return null;
}
