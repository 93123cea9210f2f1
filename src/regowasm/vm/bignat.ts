// Arbitrary-size natural numbers (little-endian 32-bit limbs), for the builtins whose OPA
// results are exact beyond 64-bit integers and float64: format_int and units.parse_bytes
// (Go's big.Int / big.Float of 64-bit mantissa) and sprintf's %f (Go's correctly rounded
// decimal of the exact binary value). Only what those need: no general division.

export type Nat = Array<u32>;

function trim(a: Nat): Nat {
  while (a.length > 0 && a[a.length - 1] == 0) a.pop();
  return a;
}

export function natFromU64(v: u64): Nat {
  let a = new Array<u32>();
  while (v != 0) { a.push(<u32>(v & 0xffffffff)); v >>= 32; }
  return a;
}

export function isZero(a: Nat): bool { return a.length == 0; }

/** a * m + add, in place. */
export function mulAddSmall(a: Nat, m: u32, add: u32): Nat {
  let carry: u64 = add;
  for (let i = 0; i < a.length; i++) {
    let t = <u64>a[i] * <u64>m + carry;
    a[i] = <u32>(t & 0xffffffff);
    carry = t >> 32;
  }
  if (carry != 0) a.push(<u32>carry);
  return trim(a);
}

/** The natural number written by decimal digits (no sign, no dot). */
export function natFromDecimal(digits: string): Nat {
  let a = new Array<u32>();
  for (let i = 0; i < digits.length; i++) mulAddSmall(a, 10, <u32>(digits.charCodeAt(i) - 48));
  return a;
}

/** a * b. */
export function natMul(a: Nat, b: Nat): Nat {
  let out = new Array<u32>(a.length + b.length);
  for (let i = 0; i < out.length; i++) out[i] = 0;
  for (let i = 0; i < a.length; i++) {
    let carry: u64 = 0;
    for (let j = 0; j < b.length; j++) {
      let t = <u64>a[i] * <u64>b[j] + <u64>out[i + j] + carry;
      out[i + j] = <u32>(t & 0xffffffff);
      carry = t >> 32;
    }
    let k = i + b.length;
    while (carry != 0) {
      let t = <u64>out[k] + carry;
      out[k] = <u32>(t & 0xffffffff);
      carry = t >> 32;
      k++;
    }
  }
  return trim(out);
}

export function natAdd(a: Nat, b: Nat): Nat {
  let out = new Array<u32>();
  let carry: u64 = 0;
  for (let i = 0; i < max(a.length, b.length); i++) {
    let t = (i < a.length ? <u64>a[i] : 0) + (i < b.length ? <u64>b[i] : 0) + carry;
    out.push(<u32>(t & 0xffffffff));
    carry = t >> 32;
  }
  if (carry != 0) out.push(<u32>carry);
  return trim(out);
}

/** -1, 0 or 1 as a <, =, > b. */
export function natCmp(a: Nat, b: Nat): i32 {
  if (a.length != b.length) return a.length < b.length ? -1 : 1;
  for (let i = a.length - 1; i >= 0; i--) if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

export function bitLength(a: Nat): i32 {
  if (a.length == 0) return 0;
  return (a.length - 1) * 32 + (32 - <i32>clz(a[a.length - 1]));
}

function bit(a: Nat, i: i32): bool {
  let w = i >> 5;
  return w < a.length && ((a[w] >> (<u32>(i & 31))) & 1) != 0;
}

/** Any of bits [0, n) set? */
function lowBitsSet(a: Nat, n: i32): bool {
  for (let i = 0; i < a.length && i * 32 < n; i++) {
    let bits = n - i * 32;
    let mask: u32 = bits >= 32 ? 0xffffffff : (<u32>1 << <u32>bits) - 1;
    if ((a[i] & mask) != 0) return true;
  }
  return false;
}

export function shiftRight(a: Nat, n: i32): Nat {
  let words = n >> 5, bits = <u32>(n & 31);
  let out = new Array<u32>();
  for (let i = words; i < a.length; i++) {
    let lo = a[i] >> bits;
    let hi: u32 = bits != 0 && i + 1 < a.length ? a[i + 1] << (32 - bits) : 0;
    out.push(lo | hi);
  }
  return trim(out);
}

export function shiftLeft(a: Nat, n: i32): Nat {
  let words = n >> 5, bits = <u32>(n & 31);
  let out = new Array<u32>();
  for (let i = 0; i < words; i++) out.push(0);
  let carry: u32 = 0;
  for (let i = 0; i < a.length; i++) {
    out.push((a[i] << bits) | carry);
    carry = bits != 0 ? a[i] >> (32 - bits) : 0;
  }
  if (carry != 0) out.push(carry);
  return trim(out);
}

/**
 * a / 2^n rounded half to even (`sticky`: the exact value is a little above a, so a tie
 * is no tie): Go's rounding of the bits below the kept precision.
 */
export function shiftRightRounded(a: Nat, n: i32, sticky: bool): Nat {
  if (n <= 0) return a;
  let q = shiftRight(a, n);
  let half = bit(a, n - 1);
  let rest = lowBitsSet(a, n - 1) || sticky;
  if (half && (rest || bit(q, 0))) mulAddSmall(q, 1, 1);
  return q;
}

/** a rounded half to even to `bits` significant bits (big.Float's precision), as a natural. */
export function roundToBits(a: Nat, bits: i32, sticky: bool): Nat {
  let drop = bitLength(a) - bits;
  if (drop <= 0) return a;
  return shiftLeft(shiftRightRounded(a, drop, sticky), drop);
}

/** Digits of a in base 2, 8, 10 or 16 (lower case); "0" for zero. */
export function natToBase(a: Nat, base: u32): string {
  if (a.length == 0) return "0";
  let work = a.slice(0);
  let out = new Array<string>();
  const DIG = "0123456789abcdef";
  while (work.length > 0) {
    let rem: u64 = 0;
    for (let i = work.length - 1; i >= 0; i--) {
      let cur = (rem << 32) | <u64>work[i];
      work[i] = <u32>(cur / <u64>base);
      rem = cur % <u64>base;
    }
    trim(work);
    out.push(DIG.charAt(<i32>rem));
  }
  out.reverse();
  return out.join("");
}

/** trunc(|f|) exactly (f64 integers are exact binary numbers). */
export function natFromF64Trunc(f: f64): Nat {
  let x = Math.abs(Math.trunc(f));
  if (x < 18446744073709551616.0) return natFromU64(<u64>x);
  let bitsOf = reinterpret<u64>(x);
  let exp = <i32>((bitsOf >> 52) & 0x7ff) - 1075;
  let mant = (bitsOf & 0xfffffffffffff) | 0x10000000000000;
  return shiftLeft(natFromU64(mant), exp);
}

/**
 * |f| with `p` decimals, correctly rounded (half to even on the exact binary value), as
 * Go's strconv.FormatFloat(f, 'f', p, 64).
 */
export function fixedDecimal(f: f64, p: i32): string {
  let x = Math.abs(f);
  let bitsOf = reinterpret<u64>(x);
  let e = <i32>((bitsOf >> 52) & 0x7ff);
  let mant = bitsOf & 0xfffffffffffff;
  if (e == 0) e = 1; else mant |= 0x10000000000000;
  let exp = e - 1075; // x = mant * 2^exp
  let n = natFromU64(mant);
  for (let i = 0; i < p; i++) mulAddSmall(n, 10, 0);
  let scaled = exp >= 0 ? shiftLeft(n, exp) : shiftRightRounded(n, -exp, false);
  let digits = natToBase(scaled, 10);
  if (p == 0) return digits;
  while (digits.length <= p) digits = "0" + digits;
  return digits.substring(0, digits.length - p) + "." + digits.substring(digits.length - p);
}
