/**
 * The questions rolec asks Z3 about policy sets, all over one symbolic request:
 *  - an assert's violation (a covered request that `never` allows yet is allowed, or that
 *    `always` allows yet is denied);
 *  - a semantic diff: requests the new version allows and the old denies, and back,
 *    enumerated one class (principal type, resource type, privilege) at a time.
 */
import type { AssertIR, DenyTargetIR, PolicySetIR, PrivilegeFamily } from '../semantics/ir.ts';
import type { Request } from '../request/types.ts';
import { encodeIrDecision, matchAny, nameMatch, oneOf, type DecisionEncoding } from './ir-decision.ts';
import { CondEncoder } from './ir-conditions.ts';
import { RequestModel, RESOURCE_TYPES } from './request-model.ts';
import type { Outcome, SolveStats } from './prove.ts';
import { addStats, emptyStats, solve, solveMany } from './solve.ts';
import { and, Defs, eq, not, or, str, TRUE, type Term } from './term.ts';
import { Evaluator, type Assignment } from './eval.ts';

export interface QueryOptions {
  timeoutMs?: number;
}

/** Requests the assert's target covers: its resource types, privileges the listed ones imply. */
export function covered(ir: PolicySetIR, m: RequestModel, t: DenyTargetIR): Term {
  const closure = (family: PrivilegeFamily, listed: readonly string[]) =>
    listed.flatMap((q) => ir.catalog[family].find((c) => c.name === q)?.implies ?? [q]);
  switch (t.kind) {
    case 'index':
      return and(m.typeIs('index', 'document', 'field'), oneOf(m.action, closure('index', t.privileges)), nameMatch(m.resourceField('index'), t.names));
    case 'cluster':
      return and(m.typeIs('cluster'), oneOf(m.action, closure('cluster', t.privileges)));
    case 'run_as':
      return and(m.typeIs('user'), eq(m.action, str('run_as')), matchAny(m.resourceField('name'), t.users));
    case 'application':
      return and(m.typeIs('application'), matchAny(m.resourceField('application'), [t.application]), matchAny(m.action, t.privileges), matchAny(m.resourceField('resource'), t.resources));
    case 'cloud':
      return and(
        m.typeIs('organization', 'deployment'),
        oneOf(m.action, closure('cloud', t.privileges)),
        t.deployments ? or(m.typeIs('organization'), matchAny(m.deployment, t.deployments)) : TRUE,
      );
  }
}

export interface AssertResult {
  assert: AssertIR;
  outcome: Outcome;
  /** The counterexample request when the assert does not hold. */
  counterexample?: Request;
  /** What the assert demands of the counterexample (and what a fixture should expect). */
  expected?: 'allow' | 'deny';
  /** The rules the IR says decided the counterexample. */
  reasons?: string[];
  deniedBy?: string[];
}

export async function proveAsserts(ir: PolicySetIR, opts: QueryOptions = {}): Promise<AssertResult[]> {
  const m = new RequestModel(ir);
  const enc = encodeIrDecision(ir, m);
  const cond = new CondEncoder(m);
  const out: AssertResult[] = [];
  for (const a of ir.asserts ?? []) {
    const active = (role: string) => enc.activeOf(role);
    const scope = and(
      covered(ir, m, a.target),
      a.forRole !== undefined ? active(a.forRole) : TRUE,
      a.forUser !== undefined ? and(m.isUser, eq(m.principalId, str(a.forUser))) : TRUE,
      a.when ? cond.tri(a.when).isTrue : TRUE,
      not(or(...a.exempt.map(active))),
    );
    const violation = a.quantifier === 'never' ? and(scope, enc.allow) : and(scope, not(enc.allow));
    const outcome = await solve({ defs: enc.defs, given: m.domain(), goal: violation, variables: m.variables(), minimize: true, actionsOf: (rt) => m.finiteActions(rt), ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) });
    const r: AssertResult = { assert: a, outcome };
    if (outcome.status === 'sat') {
      r.counterexample = m.requestOf(outcome.witness);
      r.expected = a.quantifier === 'never' ? 'deny' : 'allow';
      Object.assign(r, rulesOf(enc, outcome.witness));
    }
    out.push(r);
  }
  return out;
}

/** Which grant / deny definitions hold for a witness (concrete reading). */
export function rulesOf(enc: DecisionEncoding, witness: ReadonlyMap<string, unknown>): { reasons: string[]; deniedBy: string[] } {
  const ev = new Evaluator(enc.defs, witness as never);
  const on = (map: Map<string, Term>) => [...map].filter(([, t]) => ev.bool(t)).map(([id]) => id).sort();
  return { reasons: on(enc.grants), deniedBy: on(enc.denies) };
}

// ---------------------------------------------------------------------------
// Semantic diff

export interface DiffChange {
  direction: 'newly-allowed' | 'newly-denied';
  /** The class this witness stands for. */
  principalType: 'user' | 'api_key';
  resourceType: string;
  action: string;
  witness: Request;
  /** Rules that decided the witness in the old and the new version (IR reading). */
  old: { reasons: string[]; deniedBy: string[] };
  new: { reasons: string[]; deniedBy: string[] };
}

export interface DiffResult {
  changes: DiffChange[];
  /** unsat in both directions (with no cap reached): no semantic change. */
  equivalent: boolean;
  /** A direction stopped at the cap with more classes left, or Z3 answered unknown. */
  truncated: boolean;
  unknown: boolean;
  bounded: boolean;
  ms: number;
  /** Where the time went (both directions). */
  stats: SolveStats;
}

/** Whether two policy sets read requests the same way (one symbolic request serves both). */
export function sameRequestShape(a: PolicySetIR, b: PolicySetIR): boolean {
  return JSON.stringify(a.schema) === JSON.stringify(b.schema) && JSON.stringify(a.catalog) === JSON.stringify(b.catalog);
}

export async function semanticDiff(oldIr: PolicySetIR, newIr: PolicySetIR, opts: QueryOptions & { maxPerDirection?: number } = {}): Promise<DiffResult> {
  const t0 = performance.now();
  const m = new RequestModel(newIr);
  const defs = new Defs(true);
  const oldEnc = encodeIrDecision(oldIr, m, defs);
  const newEnc = encodeIrDecision(newIr, m, defs);
  const max = opts.maxPerDirection ?? 10;
  const changes: DiffChange[] = [];
  let truncated = false;
  let unknown = false;
  let bounded = false;
  const stats = emptyStats();
  for (const direction of ['newly-allowed', 'newly-denied'] as const) {
    const goal = direction === 'newly-allowed' ? and(newEnc.allow, not(oldEnc.allow)) : and(oldEnc.allow, not(newEnc.allow));
    // One witness per class; the next one from another class of the same part (the other
    // principal type) or another part — a part once refuted is never asked again.
    const classOf = (w: Assignment) => {
      const isUser = w.get('p.user') === true;
      return not(and(isUser ? m.isUser : not(m.isUser), eq(m.rtype, { op: 'int', value: w.get('r.type') as bigint }), eq(m.action, str(w.get('action') as string))));
    };
    const found = await solveMany(
      { defs, given: m.domain(), goal, variables: m.variables(), minimize: true, actionsOf: (rt) => m.finiteActions(rt), ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) },
      { max, exclude: classOf },
    );
    addStats(stats, found.stats);
    bounded ||= found.bounded;
    unknown ||= found.status === 'unknown';
    truncated ||= found.status === 'truncated';
    for (const w of found.witnesses) {
      changes.push({
        direction,
        principalType: w.get('p.user') === true ? 'user' : 'api_key',
        resourceType: RESOURCE_TYPES[Number(w.get('r.type') as bigint)]!,
        action: w.get('action') as string,
        witness: m.requestOf(w),
        old: rulesOf(oldEnc, w),
        new: rulesOf(newEnc, w),
      });
    }
  }
  return { changes, equivalent: changes.length === 0 && !unknown && !truncated, truncated, unknown, bounded, ms: performance.now() - t0, stats };
}
