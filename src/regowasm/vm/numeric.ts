// Arithmetic (exact i64 where it fits, else f64), the aggregates and to_number.
import { Value, VArr, VNum, VBool, T_NULL, T_BOOL, T_NUM, T_STR, compare, vbool, vint, vfloat, numF, asStr, sortValues } from "./values";
import { parseJSONString } from "./json";
import { elems, isNum } from "./args";
import { Nat, bitLength, natAdd, natCmp, natFromDecimal, natFromF64Trunc, natFromU64, natToBase, roundToBits, shiftLeft } from "./bignat";

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

/**
 * format_int: OPA reads the number as a big.Float of 64-bit mantissa and truncates it
 * toward zero (format_int(-1.5, 10) is "-1"), then prints the big integer in `base`: exact
 * up to 2^64, rounded to 64 significant bits beyond. Literal texts beyond float64 (1e400)
 * are read from their text; a text needing more than 4000 integer digits is undefined.
 */
export function formatInt(v: Value, base: u32): string | null {
  let n = changetype<VNum>(v);
  let neg = false;
  let mag: Nat;
  if (n.isInt) {
    neg = n.i < 0;
    mag = natFromU64(neg ? <u64>(0 - n.i) : <u64>n.i);
  } else if (n.text !== null) {
    let t = n.text!;
    neg = t.startsWith("-");
    let digits = truncatedDigits(neg || t.startsWith("+") ? t.substring(1) : t);
    if (digits === null) return null;
    mag = natFromDecimal(digits[0]);
    let frac = digits[1];
    if (bitLength(mag) > 64) mag = roundToBits(mag, 64, frac.length > 0);
    else if (frac.length > 0 && roundsUp(mag, frac)) mag = natAdd(mag, natFromU64(1));
  } else {
    neg = n.f < 0;
    mag = natFromF64Trunc(n.f);
  }
  let s = natToBase(mag, base);
  return neg && s != "0" ? "-" + s : s;
}

/**
 * Does I.frac (I of at most 64 bits) round up to I + 1 at 64 significant bits? The kept
 * fraction bits are f = 64 - bits(I); the value reaches I + 1 when frac > 1 - 2^-(f+1),
 * or on the tie, which goes to the even mantissa: I + 1 when f > 0, else the even of I, I + 1.
 */
function roundsUp(i: Nat, frac: string): bool {
  let f = 64 - bitLength(i);
  let fr = natFromDecimal(frac);
  let one = natFromDecimal("1" + "0".repeat(frac.length)); // 10^k: frac = fr / 10^k
  let c = natCmp(natAdd(shiftLeft(fr, f + 1), one), shiftLeft(one, f + 1));
  if (c != 0) return c > 0;
  return f > 0 || (i.length > 0 && (i[0] & 1) == 1);
}

/** [integer digits, non-zero fraction digits ("" if none)] of an unsigned JSON number text. */
function truncatedDigits(t: string): Array<string> | null {
  let e = t.indexOf("e");
  if (e < 0) e = t.indexOf("E");
  let exp = e < 0 ? 0 : I32.parseInt(t.substring(e + 1));
  let mant = e < 0 ? t : t.substring(0, e);
  let dot = mant.indexOf(".");
  let intD = dot < 0 ? mant : mant.substring(0, dot);
  let digits = intD + (dot < 0 ? "" : mant.substring(dot + 1));
  let point = intD.length + exp;
  if (point > 4000) return null;
  if (point <= 0) return ["0", nonZero(digits)];
  if (point >= digits.length) return [digits + "0".repeat(point - digits.length), ""];
  return [digits.substring(0, point), nonZero(digits.substring(point))];
}

function nonZero(d: string): string {
  for (let i = 0; i < d.length; i++) if (d.charCodeAt(i) != 48) return d;
  return "";
}
