/**
 * microsoft/regorus interpreter cases (../shared/regorus/cases.json, read in place — never
 * copied into the project): a second outside yardstick for the Rego → Wasm compiler.
 *
 * A case's query is answered by compiling the case's modules with an entrypoint per query
 * (`data.a.b` → `a/b`; `data` → one entrypoint per top-level document; any other expression
 * → a wrapper rule `result := <expr>`), evaluating with the real `@open-policy-agent/opa-wasm`
 * SDK, and comparing the value with `want_result` after decoding regorus's encodings
 * (`set!`, `object!`, `many!`, `"#undefined"`). Regorus's error texts are its own, so an
 * expected error matches any compile-time or evaluation-time error (its kind, not its wording).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type * as OpaWasm from '@open-policy-agent/opa-wasm';
import { sharedDir } from './cases.ts';
import { compileRejection, errorText, fmtDiag, isTrap } from './runner.ts';
import type { CompileRegoToWasm, Outcome } from './runner.ts';
import { canonical } from './values.ts';

const { loadPolicySync } = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as typeof OpaWasm;

export const REGORUS_FILE = join(sharedDir(), 'regorus', 'cases.json');

export interface RegorusCase {
  id: string;
  /** Upstream folder (`builtins/strings`, `rule`, …): the table's row. */
  folder: string;
  note: string;
  modules: string[];
  query: string;
  data: unknown;
  /** Inputs to evaluate with, in order (several for `many!`); `undefined` = no input. */
  inputs: (string | undefined)[];
  /** Expected values, one per input; `undefined` = the query is undefined. */
  want: unknown[];
  wantError: boolean;
  skip: boolean;
  v0: boolean;
}

export function regorusAvailable(): boolean {
  return existsSync(REGORUS_FILE);
}

export function loadRegorusCases(file = REGORUS_FILE): RegorusCase[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { cases: Record<string, unknown>[] };
  return doc.cases.map((c) => {
    const input = c.input as unknown;
    const inputs = c.has_input === false ? [undefined] : isMany(input) ? input['many!'].map((i) => JSON.stringify(decode(i))) : [JSON.stringify(decode(input))];
    const wantRaw = c.want_result as unknown;
    const want = c.no_result === true ? inputs.map(() => undefined) : isMany(wantRaw) ? wantRaw['many!'].map(decode) : inputs.map(() => decode(wantRaw));
    return {
      id: String(c.id),
      folder: String(c.folder),
      note: String(c.note ?? ''),
      modules: (c.modules as string[]).map(String),
      query: String(c.query).trim(),
      data: decode(c.data ?? {}),
      inputs,
      want,
      wantError: c.want_error === true,
      skip: c.skip === true,
      v0: c.regorus_v0_mode === true,
    };
  });
}

function isMany(v: unknown): v is { 'many!': unknown[] } {
  return v !== null && typeof v === 'object' && Array.isArray((v as Record<string, unknown>)['many!']);
}

/**
 * A regorus value as the Wasm SDK returns it (JSON): a set is an array in Rego order, an
 * object with non-string keys has each key's JSON text as its key (as OPA serialises them),
 * `"#undefined"` fields are absent and a top-level `"#undefined"` is `undefined`. Sets are
 * ordered on the typed values first (Rego order: … < array < object < set), then turned into
 * JSON.
 */
export function decode(v: unknown): unknown {
  return toJson(typed(v));
}

type Typed = null | boolean | number | string | Typed[] | { obj: [Typed, Typed][] } | { set: Typed[] } | undefined;

function typed(v: unknown): Typed {
  if (v === '#undefined') return undefined;
  if (Array.isArray(v)) return v.map(typed);
  if (v === null || typeof v !== 'object') return v as Typed;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o['set!'])) {
    const items = o['set!'].map(typed).sort(regoCompare);
    return { set: items.filter((x, i) => i === 0 || regoCompare(items[i - 1], x) !== 0) };
  }
  if (Array.isArray(o['object!'])) return { obj: (o['object!'] as { key: unknown; value: unknown }[]).map(({ key, value }) => [typed(key), typed(value)]) };
  return { obj: Object.entries(o).filter(([, x]) => x !== '#undefined').map(([k, x]) => [k, typed(x)]) };
}

function toJson(t: Typed): unknown {
  if (t === undefined || t === null || typeof t !== 'object') return t;
  if (Array.isArray(t)) return t.map(toJson);
  if ('set' in t) return t.set.map(toJson);
  const out: Record<string, unknown> = {};
  for (const [k, v] of t.obj) out[typeof k === 'string' ? k : JSON.stringify(toJson(k))] = toJson(v);
  return out;
}

/** Rego's total order: null < booleans < numbers < strings < arrays < objects < sets. */
export function regoCompare(a: Typed, b: Typed): number {
  const rank = (x: Typed): number => (x === null || x === undefined ? 0 : typeof x === 'boolean' ? 1 : typeof x === 'number' ? 2 : typeof x === 'string' ? 3 : Array.isArray(x) ? 4 : 'obj' in x ? 5 : 6);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 1 || ra === 2) return Number(a) - Number(b);
  if (ra === 3) return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  if (ra === 4 || ra === 6) return compareLists(ra === 4 ? (a as Typed[]) : (a as { set: Typed[] }).set, ra === 4 ? (b as Typed[]) : (b as { set: Typed[] }).set);
  if (ra === 5) {
    const sorted = (x: Typed) => [...(x as { obj: [Typed, Typed][] }).obj].sort((p, q) => regoCompare(p[0], q[0]));
    const x = sorted(a);
    const y = sorted(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const c = regoCompare(x[i]![0], y[i]![0]) || regoCompare(x[i]![1], y[i]![1]);
      if (c !== 0) return c;
    }
    return x.length - y.length;
  }
  return 0;
}

function compareLists(x: Typed[], y: Typed[]): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = regoCompare(x[i], y[i]);
    if (c !== 0) return c;
  }
  return x.length - y.length;
}

export type RegorusQuery =
  | { shape: 'path'; entrypoint: string }
  | { shape: 'root' }
  | { shape: 'wrapper'; module: string; entrypoint: string; variable?: string };

const PATH = /^data((?:\.[A-Za-z_][A-Za-z0-9_]*)+)$/;
const ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*)\s*:=\s*([\s\S]+)$/;

export function regorusQuery(q: string): RegorusQuery {
  if (q === 'data') return { shape: 'root' };
  const m = PATH.exec(q);
  if (m) return { shape: 'path', entrypoint: m[1]!.slice(1).replaceAll('.', '/') };
  const a = ASSIGN.exec(q);
  const pkg = '__regorus_query';
  if (a) return { shape: 'wrapper', entrypoint: `${pkg}/result`, variable: a[1]!, module: `package ${pkg}\n\nresult := ${a[2]}\n` };
  return { shape: 'wrapper', entrypoint: `${pkg}/result`, module: `package ${pkg}\n\nresult := ${q}\n` };
}

/**
 * Cases where regorus's expectation is not what OPA does (the shared data's rule: OPA's
 * documented behaviour wins). A wrong answer against regorus on one of these counts as n/a
 * with the reason; a pass stays a pass.
 */
export const REGORUS_NOT_OPA: Record<string, string> = {
  'builtins/strings/sprintf.yaml#1': 'OPA formats with Go fmt: %o of 64 is "100" (regorus "0O100"), %f of 3.14 is "3.140000" (regorus "3.14")',
  'builtins/strings/indexof.yaml#0': 'OPA: indexof with an empty needle is an error ("empty search character"), i.e. undefined outside strict mode (regorus -1)',
  'data/tests.yaml#1': 'OPA: a rule shadows the base document at its own path (rule1 = 6; regorus reads the base document, 0)',
  'builtins/comparison/tests.yaml#4': 'not comparable through JSON: the result object has the keys [] and set(), which both serialise as "[]" (OPA\'s JSON output too), so which row survives is an encoding accident',
};

/** Runs one regorus case through the compiler and the real Wasm SDK (see the file comment). */
export async function runRegorusCase(c: RegorusCase, compile: CompileRegoToWasm): Promise<Outcome> {
  if (c.skip) return { verdict: 'n/a', reason: 'case marked skip upstream' };
  const q = regorusQuery(c.query);
  const modules = c.modules.map((source, i) => ({ path: `test-${i}.rego`, source }));
  if (q.shape === 'wrapper') modules.push({ path: 'query.rego', source: q.module });
  const entrypoints = q.shape === 'root' ? rootEntrypoints(c) : [q.entrypoint];
  let compiled: Awaited<ReturnType<CompileRegoToWasm>>;
  try {
    compiled = await compile({ modules, entrypoints, ...(c.v0 ? { v0Compatible: true } : {}) });
  } catch (err) {
    return { verdict: 'internal', detail: `compiler crashed: ${errorText(err)}` };
  }
  if (!compiled.wasm) {
    const rejected = compileRejection(compiled.diagnostics, c.wantError);
    if (rejected) return rejected;
    if (c.wantError) return { verdict: 'pass' };
    return { verdict: 'error-mismatch', detail: `compile error: ${compiled.diagnostics.map(fmtDiag).join('; ')}` };
  }
  for (const [i, input] of c.inputs.entries()) {
    let got: unknown;
    try {
      const policy = loadPolicySync(compiled.wasm);
      policy.setData((c.data ?? {}) as object);
      const buf = input === undefined ? undefined : new TextEncoder().encode(input).buffer;
      const values = entrypoints.map((ep) => {
        const rs = policy.evaluate(buf, ep) as { result: unknown }[];
        return rs.length === 0 ? undefined : rs[0]!.result;
      });
      if (q.shape === 'root') {
        const out: Record<string, unknown> = {};
        entrypoints.forEach((ep, j) => values[j] !== undefined && (out[ep] = values[j]));
        got = out;
      } else {
        got = values[0];
        if (q.shape === 'wrapper' && q.variable !== undefined && got !== undefined) got = { [q.variable]: got };
      }
    } catch (err) {
      const text = errorText(err);
      if (isTrap(text)) return { verdict: 'internal', detail: `VM trap: ${text}` };
      if (c.wantError) continue;
      return { verdict: 'error-mismatch', detail: `evaluation error: ${text}` };
    }
    if (c.wantError) return { verdict: 'error-mismatch', detail: `expected an error, got ${JSON.stringify(got)}` };
    const want = c.want[i];
    if (canonical(want) !== canonical(got)) {
      const differs = REGORUS_NOT_OPA[c.id];
      if (differs) return { verdict: 'n/a', reason: `regorus ≠ OPA: ${differs}`, detail: `regorus wants ${JSON.stringify(want)}, got ${JSON.stringify(got)}` };
      return { verdict: 'wrong', detail: `want ${JSON.stringify(want)}, got ${JSON.stringify(got)}` };
    }
  }
  return { verdict: 'pass' };
}

/** `data` as a query: one entrypoint per top-level document (packages and base data). */
function rootEntrypoints(c: RegorusCase): string[] {
  const names = new Set<string>(Object.keys((c.data ?? {}) as object));
  for (const m of c.modules) {
    const pkg = /^\s*package\s+([A-Za-z_][A-Za-z0-9_]*)/m.exec(m);
    if (pkg) names.add(pkg[1]!);
  }
  return [...names].sort();
}
