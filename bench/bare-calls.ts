/**
 * What the benchmarks time as "bare engines": the engine calls a request needs, with
 * their inputs built outside the timing — cedar-wasm's `statefulIsAuthorized` arguments
 * for each call the Cedar engine makes (activation calls whose slice is not empty, then
 * the decision call), each naming its pre-parsed slice; and opa-wasm's evaluate.
 */
import type { CedarCall } from '../src/backends/cedar/adapter.ts';
import type { CedarApi } from '../src/backends/cedar/wasm-api.ts';
import type { CedarEngine } from '../src/engines/cedar.ts';
import type { Engine } from '../src/engines/decision.ts';
import type { Request } from '../src/request/types.ts';

export type BareCedarCall = Parameters<CedarApi['statefulIsAuthorized']>[0];

export function bareCedarCalls(engine: CedarEngine, request: Request): BareCedarCall[] {
  const made: CedarCall[] = [];
  made.push(engine.adapter.toCedar(request, (c) => (engine.activationSkipped(c) || made.push(c), engine.activate(c))));
  return made.map((c) => ({ ...c, preparsedPolicySetId: engine.setIdFor(c), validateRequest: false }));
}

/** opa-wasm's loaded policy inside the Rego engine. */
export function bareOpa(rego: Engine): { evaluate(input: unknown, entrypoint: string): unknown } {
  return (rego as unknown as { policy: { evaluate(input: unknown, entrypoint: string): unknown } }).policy;
}
