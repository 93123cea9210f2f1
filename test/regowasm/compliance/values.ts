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

/** Binding lists compared exactly, or as multisets when order is not meaningful. */
export function sameBindings(actual: unknown[], expected: unknown[], ignoreOrder: boolean): boolean {
  const a = actual.map(canonical);
  const e = expected.map(canonical);
  if (ignoreOrder) {
    a.sort();
    e.sort();
  }
  return a.length === e.length && a.every((x, i) => x === e[i]);
}
