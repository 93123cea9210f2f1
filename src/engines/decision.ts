/**
 * What an engine answers for one request. Both engines produce this same shape so that
 * the harness can compare *what* (decision) and *why* (rule ids, see semantics/ir.ts).
 */
export interface Decision {
  decision: 'allow' | 'deny';
  /** When allowed: ids of the permissions that granted (sorted, unique). Else []. */
  reasons: string[];
  /** Ids of the deny rules that fired (sorted, unique). */
  deniedBy: string[];
}

/** An engine failure: never read as a deny. */
export interface EngineError {
  engine: 'cedar' | 'rego';
  message: string;
}

export type EngineAnswer =
  | { ok: true; decision: Decision }
  | { ok: false; error: EngineError };

/** A loaded bundle that answers requests (implemented by CedarEngine and RegoEngine). */
export interface Engine {
  readonly name: 'cedar' | 'rego';
  /** The request must already be validated against the policy set's request schema. */
  evaluate(request: import('../request/types.ts').Request): EngineAnswer;
  /**
   * `evaluate` on each request, answers in order — for an engine that gains from seeing
   * a batch at once (CedarEngine runs its calls phase by phase). Never throws: a request
   * that fails gets its own engine error.
   */
  evaluateAll?(requests: readonly import('../request/types.ts').Request[]): EngineAnswer[];
}
