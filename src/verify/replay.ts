/**
 * Every witness the solver produces is replayed on the real engines (cedar-wasm and
 * opa-wasm on rolec's policy.wasm) after request validation. A witness that is not a
 * valid request, or on which an engine disagrees with what the solver claimed, is a
 * verifier bug — reported as such, never silently dropped.
 */
import type { Request } from '../request/types.ts';
import type { EngineAnswer } from '../engines/decision.ts';
import { safeEvaluate, type PolicySetUnderTest } from '../harness/run.ts';

export interface Replay {
  /** Request-schema problems ('' = valid). */
  invalid: string[];
  cedar?: EngineAnswer;
  rego?: EngineAnswer;
  /** Both engines gave the decision the solver claimed. */
  reproduces: boolean;
}

export function replay(set: PolicySetUnderTest, request: Request, claimed: 'allow' | 'deny'): Replay {
  const issues = set.checkRequest(request);
  if (issues.length) return { invalid: issues.map((i) => `${i.pointer || '/'}: ${i.message}`), reproduces: false };
  const cedar = safeEvaluate(set.cedar, request);
  const rego = safeEvaluate(set.rego, request);
  const ok = (a: EngineAnswer) => a.ok && a.decision.decision === claimed;
  return { invalid: [], cedar, rego, reproduces: ok(cedar) && ok(rego) };
}

export function answerText(a: EngineAnswer | undefined): string {
  if (!a) return '—';
  return a.ok ? a.decision.decision : `error (${a.error.message})`;
}
