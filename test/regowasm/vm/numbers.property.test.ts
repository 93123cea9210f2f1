// Differential properties of the VM's number builtins against independent references built
// on JS BigInt, following OPA's documented Go semantics (facts, not code):
// - format_int reads the number as a big.Float of 64-bit mantissa (rounded half to even),
//   truncates it toward zero and prints the big integer in the base;
// - units.parse_bytes / units.parse compute amount × unit as big.Floats of 64-bit mantissa
//   (each rounded half to even); parse_bytes then truncates to an integer;
// - sprintf hands Go's fmt an int64 for integral numbers (%d %x %o %b print the sign and
//   the magnitude) and a float64 otherwise (%f is the exact binary value, correctly rounded
//   half to even — not JS toFixed's half-up on ties).
// Results are compared as the exact JSON text the VM writes (runTableRaw).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runTableRaw } from './helpers.ts';

const bitLength = (x: bigint): number => (x === 0n ? 0 : x.toString(2).length);

/** x rounded half to even to 64 significant bits (x ≥ 0). */
function round64(x: bigint): bigint {
  const drop = bitLength(x) - 64;
  if (drop <= 0) return x;
  const q = x >> BigInt(drop);
  const r = x - (q << BigInt(drop));
  const half = 1n << BigInt(drop - 1);
  return (r > half || (r === half && (q & 1n) === 1n) ? q + 1n : q) << BigInt(drop);
}

/** num/den (both > 0) as a big.Float of 64-bit mantissa, truncated toward zero. */
function truncRound64(num: bigint, den: bigint): bigint {
  if (num === 0n) return 0n;
  // scale so that the quotient has 65+ bits, round to 64, then drop the scaling
  const s = 66 - (bitLength(num) - bitLength(den));
  const scaledNum = s >= 0 ? num << BigInt(s) : num;
  const scaledDen = s >= 0 ? den : den << BigInt(-s);
  const q = scaledNum / scaledDen;
  const exact = q * scaledDen === scaledNum;
  const drop = bitLength(q) - 64;
  let m = q >> BigInt(drop);
  const rest = q - (m << BigInt(drop));
  const half = 1n << BigInt(drop - 1);
  if (rest > half || (rest === half && (!exact || (m & 1n) === 1n))) m += 1n;
  const shift = drop - s; // value = m · 2^shift
  return shift >= 0 ? m << BigInt(shift) : m >> BigInt(-shift);
}

/** format_int's reference: the decimal text's value, 64-bit big.Float, toward zero. */
function refFormatInt(text: string, base: number): string {
  const neg = text.startsWith('-');
  const [intPart, frac = ''] = text.replace(/^-/, '').split('.');
  const den = 10n ** BigInt(frac.length);
  const mag = truncRound64(BigInt(intPart! + frac), den);
  return mag === 0n ? '0' : `${neg ? '-' : ''}${mag.toString(base)}`;
}

/** A decimal text: sign, an integer part of 0…90 bits, 0…8 fraction digits. */
const decimalText = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: (1n << 90n) - 1n }), fc.integer({ min: 0, max: 90 }), fc.option(fc.stringMatching(/^[0-9]{1,8}$/), { nil: undefined }))
  .map(([neg, n, bits, frac]) => `${neg ? '-' : ''}${n >> BigInt(90 - bits)}${frac !== undefined ? `.${frac}` : ''}`);

describe('format_int vs a BigInt reference (property)', () => {
  it('matches OPA for integers and fractions of any size, negative ones included', async () => {
    const cases = fc.sample(fc.tuple(decimalText, fc.constantFrom(2, 8, 10, 16)), { numRuns: 400, seed: 16 });
    const edges: [string, number][] = [['-1.5', 10], ['-0.5', 10], ['-9223372036854775808', 16], ['9223372036854775808.5', 10], ['9223372036854775809.5', 10], ['18446744073709551617', 10], ['9007199254740993123.8', 10]];
    const all = [...edges, ...cases];
    const got = await runTableRaw(all.map(([t, b]) => ({ name: 'format_int', args: [{ numberText: t }, b] })));
    const wrong = all.map(([t, b], i) => ({ call: `format_int(${t}, ${b})`, want: JSON.stringify(refFormatInt(t, b)), got: got[i] })).filter((r) => r.want !== r.got);
    expect(wrong).toEqual([]);
  });
});

const FACTORS: Record<string, bigint> = { '': 1n, k: 1000n, m: 1000n ** 2n, g: 1000n ** 3n, t: 1000n ** 4n, p: 1000n ** 5n, e: 1000n ** 6n, ki: 1024n, mi: 1024n ** 2n, gi: 1024n ** 3n, ti: 1024n ** 4n, pi: 1024n ** 5n, ei: 1024n ** 6n };
const randomCase = (s: string, flips: boolean[]) => [...s].map((c, i) => (flips[i] ? c.toUpperCase() : c)).join('');

describe('units.parse_bytes and units.parse vs a BigInt reference (property)', () => {
  it('parse_bytes: integer amounts of any size with every unit, in any letter case', async () => {
    const amount = fc.tuple(fc.bigInt({ min: 0n, max: (1n << 100n) - 1n }), fc.integer({ min: 0, max: 100 })).map(([n, bits]) => n >> BigInt(100 - bits));
    const unit = fc.tuple(fc.constantFrom(...Object.keys(FACTORS)), fc.boolean(), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }))
      .map(([u, b, flips]) => ({ u, text: randomCase(u + (b && u !== '' ? 'b' : ''), flips) }));
    const cases = fc.sample(fc.tuple(amount, unit), { numRuns: 300, seed: 64 });
    const got = await runTableRaw(cases.map(([n, u]) => ({ name: 'units.parse_bytes', args: [`${n}${u.text}`] })));
    const wrong = cases.map(([n, u], i) => ({ call: `units.parse_bytes("${n}${u.text}")`, want: round64(round64(n) * FACTORS[u.u]!).toString(), got: got[i] })).filter((r) => r.want !== r.got);
    expect(wrong).toEqual([]);
  });

  it('parse: integer amounts of any size (value as read back from the JSON output)', async () => {
    const units: Record<string, bigint> = { '': 1n, k: 1000n, K: 1000n, M: 1000n ** 2n, G: 1000n ** 3n, T: 1000n ** 4n, P: 1000n ** 5n, E: 1000n ** 6n, Ki: 1024n, mi: 1024n ** 2n, Mi: 1024n ** 2n, Gi: 1024n ** 3n, Ti: 1024n ** 4n, Pi: 1024n ** 5n, Ei: 1024n ** 6n };
    const cases = fc.sample(fc.tuple(fc.bigInt({ min: 0n, max: (1n << 80n) - 1n }), fc.integer({ min: 0, max: 80 }), fc.constantFrom(...Object.keys(units))), { numRuns: 300, seed: 65 })
      .map(([n, bits, u]) => [n >> BigInt(80 - bits), u] as const);
    const got = await runTableRaw(cases.map(([n, u]) => ({ name: 'units.parse', args: [`${n}${u}`] })));
    const wrong = cases
      .map(([n, u], i) => ({ call: `units.parse("${n}${u}")`, want: Number(round64(round64(n) * units[u]!)), got: got[i] === undefined ? undefined : Number(JSON.parse(got[i]!)) }))
      .filter((r) => r.want !== r.got);
    expect(wrong).toEqual([]);
  });
});

/** Go's %.<p>f of a finite double: its exact binary value rounded half to even. */
function refFixed(x: number, p: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const e = Number((bits >> 52n) & 0x7ffn);
  const mant = (bits & 0xfffffffffffffn) | (e === 0 ? 0n : 1n << 52n);
  const exp = (e === 0 ? 1 : e) - 1075; // |x| = mant · 2^exp
  const num = mant * 10n ** BigInt(p) * (exp > 0 ? 1n << BigInt(exp) : 1n);
  const den = exp < 0 ? 1n << BigInt(-exp) : 1n;
  let q = num / den;
  const twice = 2n * (num - q * den);
  if (twice > den || (twice === den && (q & 1n) === 1n)) q += 1n;
  const digits = q.toString().padStart(p + 1, '0');
  const text = p === 0 ? digits : `${digits.slice(0, -p)}.${digits.slice(-p)}`;
  return (x < 0 ? '-' : '') + text;
}

describe('sprintf number verbs vs references (property)', () => {
  it('%d %x %X %o %b of int64 values (sign, then the magnitude) and %f / %.Nf of float64 values', async () => {
    const ints = fc.sample(fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), { numRuns: 150, seed: 7 });
    const doubles = fc.sample(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), fc.integer({ min: -4000, max: 4000 }).map((k) => k / 128 + 1 / 1024)), { numRuns: 150, seed: 8 })
      .filter((d) => !Number.isInteger(d));
    const verbs: [string, (v: bigint) => string][] = [['d', (v) => v.toString()], ['x', (v) => (v < 0n ? '-' : '') + (v < 0n ? -v : v).toString(16)], ['X', (v) => ((v < 0n ? '-' : '') + (v < 0n ? -v : v).toString(16)).toUpperCase()], ['o', (v) => (v < 0n ? '-' : '') + (v < 0n ? -v : v).toString(8)], ['b', (v) => (v < 0n ? '-' : '') + (v < 0n ? -v : v).toString(2)]];
    const cases: { fmt: string; arg: string; want: string }[] = [];
    ints.forEach((v, i) => { const [verb, f] = verbs[i % verbs.length]!; cases.push({ fmt: `%${verb}`, arg: v.toString(), want: f(v) }); });
    doubles.forEach((d, i) => { const p = i % 4 === 0 ? 6 : i % 9; cases.push({ fmt: i % 4 === 0 ? '%f' : `%.${p}f`, arg: JSON.stringify(d), want: refFixed(d, p) }); });
    for (const [fmt, d, want] of [['%f', 0.0078125, '0.007812'], ['%.2f', 2.675, '2.67'], ['%.0f', 2.5, '2'], ['%.0f', 3.5, '4']] as const) cases.push({ fmt, arg: String(d), want });
    // the args array is JSON text, so int64 values beyond 2^53 reach the VM exactly
    const got = await runTableRaw(cases.map((c) => ({ name: 'sprintf', args: [c.fmt, { jsonText: `[${c.arg}]` }] })));
    const wrong = cases.map((c, i) => ({ call: `sprintf(${JSON.stringify(c.fmt)}, [${c.arg}])`, want: JSON.stringify(c.want), got: got[i] })).filter((r) => r.want !== r.got);
    expect(wrong).toEqual([]);
  });
});
