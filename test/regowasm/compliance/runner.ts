/**
 * Runs one OPA compliance case through rolec's Rego→Wasm compiler and the real
 * `@open-policy-agent/opa-wasm` SDK, and classifies the outcome (see Verdict). Nothing is
 * decided here: results come from evaluating the compiled policy.wasm; this file only
 * prepares inputs and compares answers.
 */
import { createRequire } from 'node:module';
import type * as OpaWasm from '@open-policy-agent/opa-wasm';
import { parseRego } from '../../../src/regowasm/syntax/index.ts';
import type { ComplianceCase } from './cases.ts';
import { planQuery } from './query.ts';
import { inputTermToJson, sameBindings } from './values.ts';

// The SDK is CommonJS; its ESM named exports omit loadPolicySync, so load it as CJS.
const { loadPolicy, loadPolicySync } = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as typeof OpaWasm;

/** The planner's public API (src/regowasm/index.ts), as documented in the issue. */
export interface CompilerDiagnostic {
  code: string;
  message: string;
  file?: string;
  line?: number;
  col?: number;
}
export interface CompileRegoToWasm {
  (req: { modules: { path: string; source: string }[]; entrypoints: string[]; v0Compatible?: boolean }):
    | { wasm?: Uint8Array; diagnostics: CompilerDiagnostic[] }
    | Promise<{ wasm?: Uint8Array; diagnostics: CompilerDiagnostic[] }>;
}

/**
 * - pass: the answer (value, undefined, or error) is OPA's;
 * - rejected: the compiler refused the case with a coded "not supported" diagnostic
 *   (RG103 / RG104 / RG201) — honest, never a different answer;
 * - wrong: the module evaluated to a different value (or undefined) than OPA's;
 * - error-mismatch: an error where OPA gives a value, a value where OPA raises an error,
 *   or an error of another kind;
 * - internal: a compiler crash, RG209, or a VM trap;
 * - n/a: the case cannot be posed to any OPA Wasm module (upstream `skip`, an input that
 *   is not JSON).
 */
export type Verdict = 'pass' | 'rejected' | 'wrong' | 'error-mismatch' | 'internal' | 'n/a';
export const VERDICTS: Verdict[] = ['pass', 'rejected', 'wrong', 'error-mismatch', 'internal', 'n/a'];

export interface Outcome {
  verdict: Verdict;
  /** Short countable reason (rejections, n/a). */
  reason?: string;
  detail?: string;
}

/** Codes for "valid Rego outside the supported subset" (src/regowasm/plan/diagnostics.ts). */
export const UNSUPPORTED_CODES = new Set(['RG103', 'RG104', 'RG201']);
/** Codes for compiler bugs. */
export const INTERNAL_CODES = new Set(['RG209']);
/** Wasm traps: the VM aborted instead of answering. */
export function isTrap(text: string): boolean {
  return /unreachable|memory access out of bounds|RuntimeError|Maximum call stack/i.test(text);
}

/** `sync`: load with the SDK's `loadPolicySync` instead of `loadPolicy` (both must work). */
export async function runCase(c: ComplianceCase, compile: CompileRegoToWasm | undefined, opts: { sync?: boolean } = {}): Promise<Outcome> {
  const pre = precheck(c);
  if ('verdict' in pre) return pre;
  const query = planQuery(c.query);
  if (query.shape === 'unsupported') return { verdict: 'n/a', reason: 'query shape', detail: query.reason };
  let inputText: string | undefined;
  if (c.inputTerm !== undefined) {
    inputText = inputTermToJson(c.inputTerm);
    if (inputText === undefined) return { verdict: 'n/a', reason: 'input is not JSON (a Wasm module takes JSON input)', detail: c.inputTerm };
  } else if (c.input !== undefined) {
    inputText = JSON.stringify(c.input);
  }
  if (!compile) return { verdict: 'n/a', reason: 'compiler not available' };

  const modules = c.modules.map((source, i) => ({ path: `test-${i}.rego`, source }));
  if (query.shape === 'wrapper') modules.push({ path: 'query.rego', source: query.module });
  // `strict_error` cases test OPA's strict builtin-error mode. Wasm evaluation is never
  // strict, so — as in OPA's own Wasm compliance runner — they must evaluate to undefined.
  const strict = c.strictError && c.wantResult === undefined;
  const wantsError = !strict && (c.wantError !== undefined || c.wantErrorCode !== undefined);

  let compiled: { wasm?: Uint8Array; diagnostics: CompilerDiagnostic[] };
  try {
    compiled = await compile({ modules, entrypoints: [query.entrypoint], ...(pre.v0 ? { v0Compatible: true } : {}) });
  } catch (err) {
    return { verdict: 'internal', detail: `compiler crashed: ${errorText(err)}` };
  }
  const errors = compiled.diagnostics;
  if (!compiled.wasm) {
    const rejected = compileRejection(errors, wantsError && !wantsEvalError(c));
    if (rejected) return rejected;
    // An evaluation-time error (eval_*) must come from evaluating valid Rego, not from a
    // compiler that rejects the policy.
    if (wantsError && !wantsEvalError(c)) return { verdict: 'pass' };
    return { verdict: 'error-mismatch', detail: `compile error: ${errors.map(fmtDiag).join('; ') || '(no diagnostics)'}` };
  }

  let bindings: unknown[];
  try {
    const policy = opts.sync ? loadPolicySync(compiled.wasm) : await loadPolicy(compiled.wasm);
    policy.setData((c.data ?? {}) as object);
    // Always hand the SDK an ArrayBuffer: it treats falsy JS inputs (false, 0, "", null)
    // as "no input", and raw JSON text keeps number literals such as 1.0 intact.
    const input = inputText === undefined ? undefined : new TextEncoder().encode(inputText).buffer;
    // Warm-up evaluation with a different input first: the real answer must not depend on
    // state left by an earlier evaluate() on the same instance (memoisation, heap reuse).
    try {
      policy.evaluate(new TextEncoder().encode(inputText === undefined ? '{"__warmup__":[1,{"a":null}]}' : 'null').buffer, query.entrypoint);
    } catch {
      // the warm-up input may legitimately make evaluation fail
    }
    const rs = policy.evaluate(input, query.entrypoint) as { result: unknown }[];
    bindings = toBindings(rs, query);
  } catch (err) {
    const text = errorText(err);
    if (isTrap(text)) return { verdict: 'internal', detail: `VM trap: ${text}` };
    if (wantsError) {
      if (!wantsEvalError(c) || text.includes(c.wantErrorCode!)) return { verdict: 'pass' };
      return { verdict: 'error-mismatch', detail: `expected ${c.wantErrorCode}, got evaluation error: ${text}` };
    }
    return { verdict: 'error-mismatch', detail: `evaluation error: ${text}` };
  }
  if (wantsError) return { verdict: 'error-mismatch', detail: `expected error ${c.wantErrorCode ?? ''} ${c.wantError ?? ''}, got ${JSON.stringify(bindings)}` };
  const want = strict ? [] : (c.wantResult ?? []);
  if (sameBindings(bindings, want, c.sortBindings)) return { verdict: 'pass' };
  return { verdict: 'wrong', detail: `want ${JSON.stringify(want)}, got ${JSON.stringify(bindings)}` };
}

/** A compile failure that is a coded rejection or an internal error (else undefined). RG104
 *  ("not valid Rego v1", which OPA 1.x rejects too) is the right answer where an error is
 *  expected (`wantsError`), and a coded rejection otherwise. */
export function compileRejection(errors: CompilerDiagnostic[], wantsError = false): Outcome | undefined {
  const internal = errors.find((d) => INTERNAL_CODES.has(d.code));
  if (internal) return { verdict: 'internal', detail: fmtDiag(internal) };
  const unsupported = errors.find((d) => UNSUPPORTED_CODES.has(d.code) && !(wantsError && d.code === 'RG104'));
  if (unsupported) return { verdict: 'rejected', reason: unsupportedReason(unsupported), detail: unsupported.message };
  return undefined;
}

/** `eval_*` codes are runtime errors: the policy must compile and evaluation must fail with that code. */
function wantsEvalError(c: ComplianceCase): boolean {
  return c.wantErrorCode?.startsWith('eval_') === true;
}

/**
 * Parse problems decided before compiling. OPA's suite still holds cases written in Rego v0
 * (bodies without `if`); OPA 1.x reads those with `--v0-compatible`, and so does this
 * runner: a case whose modules are v0 but parse in v0-compatible mode is compiled with
 * `v0Compatible` (returned as `{ v0: true }`).
 */
function precheck(c: ComplianceCase): Outcome | { v0: boolean } {
  if (c.skip) return { verdict: 'n/a', reason: 'case marked skip upstream' };
  let v0 = false;
  for (const [i, source] of c.modules.entries()) {
    const parsed = parseRego(`test-${i}.rego`, source);
    const d = parsed.diagnostics[0];
    if (d?.code === 'RG104' && !parseRego(`test-${i}.rego`, source, { v0Compatible: true }).diagnostics[0]) {
      v0 = true;
      continue;
    }
    if (!d) continue;
    // OPA 1.x rejects v0 syntax too: a parse error is the right answer where one is expected.
    if (c.wantErrorCode === 'rego_parse_error' && d.code !== 'RG103') return { verdict: 'pass' };
    if (d.code === 'RG104') return { verdict: 'rejected', reason: 'not Rego v1 (v0 syntax)', detail: `${d.file}:${d.line}:${d.col}: ${d.message}` };
    if (d.code === 'RG103') return { verdict: 'rejected', reason: 'unsupported syntax', detail: d.message };
    return { verdict: 'error-mismatch', detail: `parse error ${d.code} ${d.file}:${d.line}:${d.col}: ${d.message}` };
  }
  return { v0 };
}

function toBindings(rs: { result: unknown }[], query: ReturnType<typeof planQuery>): unknown[] {
  if (query.shape === 'entrypoint') return rs.map((r) => ({ [query.variable]: r.result }));
  if (rs.length === 0) return [];
  const set = rs[0]!.result;
  if (!Array.isArray(set)) throw new Error(`wrapper result is not a set: ${JSON.stringify(set)}`);
  return set;
}

/** Groups unsupported-construct diagnostics into short, countable reasons. */
function unsupportedReason(d: CompilerDiagnostic): string {
  const builtin = /\bbuiltin [`'"]?([\w.]+)/i.exec(d.message);
  if (builtin) return `unsupported builtin ${builtin[1]}`;
  return `unsupported: ${d.message.replace(/`[^`]*`/g, (m) => (m.length <= 12 ? m : '`…`')).slice(0, 80)}`;
}

export function fmtDiag(d: CompilerDiagnostic): string {
  return `${d.code} ${d.file ?? ''}:${d.line ?? ''}:${d.col ?? ''} ${d.message}`;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
