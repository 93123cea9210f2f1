// Differential properties of Rego's total order and of value texts against references
// written from OPA's documented semantics (facts, not code):
// - the order of values: null < booleans < numbers < strings < arrays < objects < sets;
//   false < true; numbers by value; strings by their UTF-8 bytes (Go compares bytes, JS
//   compares UTF-16 units: they differ on astral characters vs U+E000…U+FFFF); arrays and
//   sets element-wise, then by length; objects by their sorted keys and values, pairwise;
// - JSON output writes object keys in that order, and a set as the array of its sorted
//   members;
// - sprintf's %v of a composite value is its Rego text: `[1, "a"]`, `{"k": v}` (sorted keys),
//   strings quoted as Go's strconv.Quote.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import type { loadPolicy as LoadPolicyFn } from '@open-policy-agent/opa-wasm';
import { describe, expect, it } from 'vitest';
import { compileRegoToWasm } from '../../../src/regowasm/index.ts';
import { runTableRaw } from './helpers.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const compareBytes = (a: string, b: string): number => Buffer.compare(utf8(a), utf8(b));
const rank = (v: Json): number => (v === null ? 0 : typeof v === 'boolean' ? 1 : typeof v === 'number' ? 2 : typeof v === 'string' ? 3 : Array.isArray(v) ? 4 : 5);
const sortedKeys = (o: { [k: string]: Json }) => Object.keys(o).sort(compareBytes);

function refCompare(a: Json, b: Json): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 1 || ra === 2) return Number(a) - Number(b);
  if (ra === 3) return compareBytes(a as string, b as string);
  if (ra === 4) {
    const x = a as Json[];
    const y = b as Json[];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const c = refCompare(x[i]!, y[i]!);
      if (c !== 0) return c;
    }
    return x.length - y.length;
  }
  if (ra === 5) {
    const x = a as { [k: string]: Json };
    const y = b as { [k: string]: Json };
    const kx = sortedKeys(x);
    const ky = sortedKeys(y);
    for (let i = 0; i < Math.min(kx.length, ky.length); i++) {
      const c = compareBytes(kx[i]!, ky[i]!) || refCompare(x[kx[i]!]!, y[ky[i]!]!);
      if (c !== 0) return c;
    }
    return kx.length - ky.length;
  }
  return 0;
}

/** OPA's JSON text of a value: object keys in Rego order. */
function refJson(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(refJson).join(',')}]`;
  if (v !== null && typeof v === 'object') return `{${sortedKeys(v).map((k) => `${JSON.stringify(k)}:${refJson(v[k]!)}`).join(',')}}`;
  return JSON.stringify(v);
}

/** Rego's text of a value (sprintf %v): Go-quoted strings, `, ` separators, sorted keys. */
function refRegoText(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(refRegoText).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{${sortedKeys(v).map((k) => `${goQuote(k)}: ${refRegoText(v[k]!)}`).join(', ')}}`;
  return typeof v === 'string' ? goQuote(v) : JSON.stringify(v);
}

/** Go's strconv.Quote for the characters generated here (ASCII controls, quotes, non-ASCII letters). */
function goQuote(s: string): string {
  const named: Record<string, string> = { '\u0007': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u000b': '\\v', '"': '\\"', '\\': '\\\\' };
  return `"${[...s].map((c) => named[c] ?? (c < ' ' || c === '\u007f' ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c)).join('')}"`;
}

// Strings mix ASCII, Latin, BMP private-use/high characters and astral ones, so UTF-8 and
// UTF-16 orders disagree often; no `<`, `>` or `&` (JSON encoders differ on escaping them).
const char = fc.constantFrom('a', 'b', 'Z', '0', ' ', '"', '\\', 'é', 'ÿ', '\u0100', '\ue000', '\uffee', '😀', '𝔸', '\n', '\u0001', '\u007f');
const str = fc.array(char, { maxLength: 4 }).map((cs) => cs.join(''));
const num = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -100, max: 100 }).map((d) => Math.round(d * 8) / 8));
const value: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), num, str, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(str, tie('v'), { maxKeys: 3 })),
})).v;

describe('Rego order, JSON output and Rego text vs references (property)', () => {
  it('sort of mixed-type values, and the JSON text of the result', async () => {
    const lists = fc.sample(fc.array(value, { maxLength: 6 }), { numRuns: 150, seed: 21 });
    const got = await runTableRaw(lists.map((xs) => ({ name: 'sort', args: [{ jsonText: JSON.stringify(xs) }] })));
    const wrong = lists.map((xs, i) => ({ xs: JSON.stringify(xs), want: refJson([...xs].sort(refCompare)), got: got[i] })).filter((r) => r.want !== r.got);
    expect(wrong).toEqual([]);
  });

  it('sets are their sorted, distinct members; <, == and > follow the order across types', async () => {
    const src = 'package t\nset := {x | some x in input.xs}\ncmp := [[a < b, a == b, a > b] | some a in input.xs; some b in input.xs]\n';
    const out = compileRegoToWasm({ modules: [{ path: 't.rego', source: src }], entrypoints: ['t/set', 't/cmp'] });
    expect(out.diagnostics).toEqual([]);
    const { loadPolicy } = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as { loadPolicy: typeof LoadPolicyFn };
    const policy = await loadPolicy(out.wasm!);
    for (const generated of fc.sample(fc.array(value, { maxLength: 5 }), { numRuns: 60, seed: 22 })) {
      const xs = JSON.parse(JSON.stringify(generated)) as Json[]; // as the policy reads it (-0 is 0)
      const set = (policy.evaluate({ xs }, 't/set') as { result: Json }[])[0]!.result;
      const distinct = [...xs].sort(refCompare).filter((x, i, all) => i === 0 || refCompare(all[i - 1]!, x) !== 0);
      expect(set, JSON.stringify(xs)).toEqual(distinct);
      const cmp = (policy.evaluate({ xs }, 't/cmp') as { result: Json }[])[0]!.result;
      expect(cmp, JSON.stringify(xs)).toEqual(xs.flatMap((a) => xs.map((b) => [refCompare(a, b) < 0, refCompare(a, b) === 0, refCompare(a, b) > 0])));
    }
  });

  it('sprintf %v of composite values is their Rego text', async () => {
    const composite = fc.oneof(fc.array(value, { maxLength: 4 }), fc.dictionary(str, value, { maxKeys: 3 }));
    const cases = fc.sample(composite, { numRuns: 150, seed: 23 });
    const got = await runTableRaw(cases.map((v) => ({ name: 'sprintf', args: ['%v', { jsonText: `[${JSON.stringify(v)}]` }] })));
    const wrong = cases.map((v, i) => ({ v: JSON.stringify(v), want: JSON.stringify(refRegoText(v)), got: got[i] })).filter((r) => r.want !== r.got);
    expect(wrong).toEqual([]);
  });
});
