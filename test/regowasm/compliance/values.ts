/** Value helpers for the compliance runner: input_term → JSON text, canonical comparison. */
import { parseRego } from '../../../src/regowasm/syntax/index.ts';
import type { Term } from '../../../src/regowasm/syntax/index.ts';

/**
 * The JSON text of a ground Rego term given as `input_term` (numbers keep their literal
 * text, so `1.0` stays `1.0`). Undefined when the term is not expressible as JSON (sets,
 * variables, calls, non-string object keys).
 */
export function inputTermToJson(text: string): string | undefined {
  const r = parseRego('input_term', `package q\nx := ${text}\n`);
  const value = r.module?.rules[0]?.head.value;
  return value ? termJson(value) : undefined;
}

function termJson(t: Term): string | undefined {
  switch (t.kind) {
    case 'null':
      return 'null';
    case 'boolean':
      return String(t.value);
    case 'number':
      return t.text;
    case 'string':
      return JSON.stringify(t.value);
    case 'array': {
      const items = t.items.map(termJson);
      return items.every((i) => i !== undefined) ? `[${items.join(',')}]` : undefined;
    }
    case 'object': {
      const parts: string[] = [];
      for (const e of t.entries) {
        const v = termJson(e.value);
        if (e.key.kind !== 'string' || v === undefined) return undefined;
        parts.push(`${JSON.stringify(e.key.value)}:${v}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return undefined;
  }
}

/** JSON with object keys sorted, so that equal JSON values have equal text. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * Result sets compared as OPA's compliance runners do: as SETS of binding objects (order and
 * duplicates do not matter). With `sort_bindings`, each actual binding value (an array — a
 * dumped set) is first sorted in Rego order; the expected values are taken as written.
 */
export function sameBindings(actual: unknown[], expected: unknown[], sortBindings: boolean): boolean {
  const prepared = sortBindings ? actual.map(sortBindingValues) : actual;
  const a = [...new Set(prepared.map(canonical))].sort();
  const e = [...new Set(expected.map(canonical))].sort();
  return a.length === e.length && a.every((x, i) => x === e[i]);
}

function sortBindingValues(binding: unknown): unknown {
  if (binding === null || typeof binding !== 'object' || Array.isArray(binding)) return binding;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(binding)) out[k] = Array.isArray(v) ? [...v].sort(regoCompare) : v;
  return out;
}

const TYPE_RANK = (v: unknown): number =>
  v === null ? 0 : typeof v === 'boolean' ? 1 : typeof v === 'number' ? 2 : typeof v === 'string' ? 3 : Array.isArray(v) ? 4 : 5;

/** Rego's total order on JSON values: null < booleans < numbers < strings < arrays < objects. */
export function regoCompare(a: unknown, b: unknown): number {
  const ra = TYPE_RANK(a);
  const rb = TYPE_RANK(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return 0;
    case 1:
    case 2:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 3:
      return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
    case 4: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = regoCompare(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    default: {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      const kx = Object.keys(x).sort();
      const ky = Object.keys(y).sort();
      for (let i = 0; i < Math.min(kx.length, ky.length); i++) {
        const ck = regoCompare(kx[i], ky[i]);
        if (ck !== 0) return ck;
        const cv = regoCompare(x[kx[i]!], y[ky[i]!]);
        if (cv !== 0) return cv;
      }
      return kx.length - ky.length;
    }
  }
}
