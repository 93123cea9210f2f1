/**
 * The Authorizer: one loaded engine behind request validation. Every request is checked
 * against the bundle's own request schema first; an invalid request throws
 * {@link InvalidRequestError} (JSON pointers), an engine failure {@link EngineFailure}.
 * Neither is ever turned into a deny: callers decide what an error means for them.
 */
import { formatIssues, requestValidator, type RequestIssue, type RequestValidator } from '../request/validate.ts';
import type { Request } from '../request/types.ts';
import { requestLimits, snapshotRequest, type RequestLimits } from '../request/snapshot.ts';
import type { Decision, Engine } from '../engines/decision.ts';

export class InvalidRequestError extends Error {
  constructor(readonly issues: RequestIssue[]) {
    super(`invalid request: ${formatIssues(issues)}`);
    this.name = 'InvalidRequestError';
  }
}

export class EngineFailure extends Error {
  constructor(
    readonly engine: 'cedar' | 'rego',
    message: string,
  ) {
    super(`${engine} engine error: ${message}`);
    this.name = 'EngineFailure';
  }
}

export interface Authorizer {
  readonly engine: 'cedar' | 'rego';
  /** The decision with the DSL rules that made it. Throws on invalid requests and engine errors. */
  decide(request: unknown): Decision;
  /** `decide(request).decision === 'allow'`. */
  allowed(request: unknown): boolean;
}

/**
 * Wraps an already loaded engine with request validation. Each request is first copied
 * into plain JSON data within `limits` (src/request/snapshot.ts); the validator and the
 * engine both see that one copy, never the caller's object.
 */
export function authorizer(engine: Engine, validate: RequestValidator | object, limits: Partial<RequestLimits> = {}): Authorizer {
  const check = typeof validate === 'function' ? (validate as RequestValidator) : requestValidator(validate);
  const checkedLimits = requestLimits(limits);
  const decide = (request: unknown): Decision => {
    const snapshot = snapshotRequest(request, checkedLimits);
    if (!snapshot.ok) throw new InvalidRequestError(snapshot.issues);
    const issues = check(snapshot.value);
    if (issues.length > 0) throw new InvalidRequestError(issues);
    const answer = engine.evaluate(snapshot.value as Request);
    if (!answer.ok) throw new EngineFailure(answer.error.engine, answer.error.message);
    return answer.decision;
  };
  return { engine: engine.name, decide, allowed: (request) => decide(request).decision === 'allow' };
}
