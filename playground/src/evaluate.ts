/**
 * Evaluate in the page itself, on both real engines through rolec's embedding API
 * (`createAuthorizer` of src/runtime): the same runtime an application would ship.
 * Authorizers are created once per built policy set and reused.
 */
import { createAuthorizer, InvalidRequestError, type Authorizer } from '../../src/runtime/index.ts';
import type { Decision } from '../../src/engines/decision.ts';
import { disagreements } from '../../src/harness/compare.ts';
import type { RequestIssue } from '../../src/request/validate.ts';

export interface Engines {
  cedar: Authorizer;
  rego: Authorizer;
}

export type EngineOutcome = { ok: true; decision: Decision } | { ok: false; message: string };

export type Evaluation =
  | { kind: 'invalid'; issues: RequestIssue[] }
  | { kind: 'decided'; cedar: EngineOutcome; rego: EngineOutcome; agree: boolean; differences: string[]; ms: number };

const cache = new WeakMap<object, Promise<Engines>>();

/** Both engines for one build (keyed by the files object the compile Worker returned). */
export function enginesFor(files: Record<string, Uint8Array>): Promise<Engines> {
  let p = cache.get(files);
  if (!p) {
    p = Promise.all([createAuthorizer(files, { engine: 'cedar' }), createAuthorizer(files, { engine: 'rego' })]).then(([cedar, rego]) => ({ cedar, rego }));
    cache.set(files, p);
  }
  return p;
}

function run(a: Authorizer, request: unknown): EngineOutcome {
  try {
    return { ok: true, decision: a.decide(request) };
  } catch (err) {
    if (err instanceof InvalidRequestError) throw err;
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

export function evaluate(engines: Engines, request: unknown): Evaluation {
  const t0 = performance.now();
  let cedar: EngineOutcome;
  try {
    cedar = run(engines.cedar, request);
  } catch (err) {
    return { kind: 'invalid', issues: (err as InvalidRequestError).issues };
  }
  const rego = run(engines.rego, request);
  const ms = performance.now() - t0;
  if (!cedar.ok || !rego.ok) {
    const differences = [...(cedar.ok ? [] : [`cedar: ${cedar.message}`]), ...(rego.ok ? [] : [`rego: ${rego.message}`])];
    return { kind: 'decided', cedar, rego, agree: false, differences, ms };
  }
  const differences = disagreements({ ok: true, decision: cedar.decision }, { ok: true, decision: rego.decision });
  return { kind: 'decided', cedar, rego, agree: differences.length === 0, differences, ms };
}
