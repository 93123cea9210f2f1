/**
 * The embedding API: load a built bundle directory once (the output of `rolec build`),
 * then ask for decisions many times, on either engine. Every request is validated
 * against the bundle's own `request.schema.json` first, so an application gets exactly
 * the checks and adapters the harness uses:
 *
 *   const authz = loadAuthorizer('dist/observability', { engine: 'rego' });
 *   if (authz.allowed(request)) …
 *
 * An invalid request throws {@link InvalidRequestError} (with JSON pointers); an engine
 * failure throws {@link EngineFailure}. Neither is ever turned into a deny: callers
 * decide what an error means for them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatIssues, requestValidator, type RequestIssue, type RequestValidator } from '../request/validate.ts';
import type { Request } from '../request/types.ts';
import { requestLimits, snapshotRequest, type RequestLimits } from '../request/snapshot.ts';
import { CedarEngine } from '../engines/cedar.ts';
import type { Decision, Engine } from '../engines/decision.ts';
import { RegoEngine } from '../engines/rego.ts';

export type { Decision, Engine, EngineAnswer } from '../engines/decision.ts';
export type { Request } from '../request/types.ts';
export { DEFAULT_REQUEST_LIMITS, type RequestLimits } from '../request/snapshot.ts';
export { CedarEngine, RegoEngine };

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

/** Loads `DIR/cedar` or `DIR/rego` plus `DIR/request.schema.json` of a built policy set. */
export function loadAuthorizer(bundleDir: string, options: { engine: 'cedar' | 'rego'; limits?: Partial<RequestLimits> }): Authorizer {
  const schemaPath = join(bundleDir, 'request.schema.json');
  let schema: object;
  try {
    schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
  } catch (err) {
    throw new Error(`cannot load ${schemaPath}: ${(err as Error).message}`);
  }
  const engine: Engine =
    options.engine === 'cedar' ? CedarEngine.fromDir(join(bundleDir, 'cedar')) : RegoEngine.fromBundleDir(join(bundleDir, 'rego'));
  return authorizer(engine, requestValidator(schema), options.limits);
}

/**
 * Wraps an already loaded engine with request validation. Each request is first copied
 * into plain JSON data within `limits` (src/request/snapshot.ts); the validator and the
 * engine both see that one copy, never the caller's object.
 */
export function authorizer(engine: Engine, validate: RequestValidator, limits: Partial<RequestLimits> = {}): Authorizer {
  const checked = requestLimits(limits);
  const decide = (request: unknown): Decision => {
    const snapshot = snapshotRequest(request, checked);
    if (!snapshot.ok) throw new InvalidRequestError(snapshot.issues);
    const issues = validate(snapshot.value);
    if (issues.length > 0) throw new InvalidRequestError(issues);
    const answer = engine.evaluate(snapshot.value as Request);
    if (!answer.ok) throw new EngineFailure(answer.error.engine, answer.error.message);
    return answer.decision;
  };
  return { engine: engine.name, decide, allowed: (request) => decide(request).decision === 'allow' };
}
