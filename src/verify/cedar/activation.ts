/**
 * The adapter's activation protocol (docs/cedar.md "Activation"), modelled call by call.
 * A bundle whose policies carry `@activation("role_where"|"mapping"|"sign_in")
 * @roles("…")` is evaluated in up to three cedar-wasm calls, each of which the encoding
 * evaluates with every policy of the set (authorize.ts):
 *
 *   call 1  action rolec:activate; principal ∈ exactly the guarded roles reachable (all
 *           static edges) from its parents — asked1(W) — and its groups (no Group entity
 *           is sent, so a group adds no role);
 *           its permitting policies (Cedar's reasons: the satisfied permits, unless a
 *           forbid is satisfied) open role_where roles and give mapping / sign-in roles;
 *   call 2  only when roles so given reach guarded roles not asked yet — asked2(W);
 *           opens role_where roles only;
 *   decide  the request's action; principal ∈ its parents and the given roles; a guarded
 *           role keeps its parents only if it was opened.
 *
 * An evaluation error in any call is an engine error. With no activation policy there is
 * one call, the decision, with every static edge.
 */
import type { RequestModel } from '../request-model.ts';
import { and, Defs, eq, FALSE, not, or, str, TRUE, type Term } from '../term.ts';
import type { EntityGraph } from './hierarchy.ts';
import type { EntityRefJson, ReadPolicy } from './policies.ts';
import { principalReaches, staticDecisionCall, type CallShape } from './request.ts';
import { API_KEY, GROUP, ROLE, USER } from '../../backends/cedar/names.ts';
export const ACTIVATE_ACTION = 'rolec:activate';

export interface ActivationPolicy {
  kind: 'role_where' | 'mapping' | 'sign_in';
  roles: string[];
}

/** The activation policies by key (`p3`), from their annotations. */
export function activationTable(policies: readonly ReadPolicy[]): Map<string, ActivationPolicy> {
  const out = new Map<string, ActivationPolicy>();
  for (const p of policies) {
    const a = p.est.annotations ?? {};
    const kind = a.activation;
    if (kind !== 'role_where' && kind !== 'mapping' && kind !== 'sign_in') continue;
    out.set(p.key, { kind, roles: (a.roles ?? '').split(' ').filter((r) => r !== '') });
  }
  return out;
}

/** What a call's policies answer: each policy's "permitted" (Cedar's reason) and the call's error. */
export interface CallOutcome {
  permitted: Map<string, Term>;
  error: Term;
}

export type EvaluateCall = (name: string, shape: CallShape) => CallOutcome;

export interface Protocol {
  decision: CallShape;
  /** Errors of the activation calls that happen. */
  activationError: Term;
}

const role = (id: string): EntityRefJson => ({ type: ROLE, id });

export function activationProtocol(m: RequestModel, graph: EntityGraph, policies: readonly ReadPolicy[], defs: Defs, evaluate: EvaluateCall, prefix: string): Protocol {
  const table = activationTable(policies);
  if (table.size === 0) return { decision: staticDecisionCall(m, graph), activationError: FALSE };
  const guarded = [...new Set([...table.values()].filter((a) => a.kind === 'role_where').flatMap((a) => a.roles))].sort();
  const isGuarded = (to: EntityRefJson) => to.type === ROLE && guarded.includes(to.id);

  // Call 1: the guarded roles reachable from the principal's parents, through every static edge.
  const asked1 = new Map(guarded.map((w) => [w, defs.define(`${prefix}asked1:${w}`, principalReaches(m, graph, role(w)))]));
  const activationCall = (asked: ReadonlyMap<string, Term>): CallShape => ({
    principalIn: (to) => (isGuarded(to) ? asked.get(to.id)! : activationParent(m, to)),
    literalIn: (from, to) => (from.type === to.type && from.id === to.id ? TRUE : FALSE),
    fixedAction: ACTIVATE_ACTION,
    privilegeInContext: false,
  });
  const call1 = evaluate('activate1', activationCall(asked1));
  const given = new Map<string, Term[]>();
  for (const [key, a] of table) {
    if (a.kind === 'role_where') continue;
    for (const r of a.roles) given.set(r, [...(given.get(r) ?? []), call1.permitted.get(key)!]);
  }
  const mapped = new Map([...given].map(([r, ts]) => [r, defs.define(`${prefix}given:${r}`, or(...ts))]));

  // Call 2: guarded roles the given roles reach that call 1 did not ask about.
  const asked2 = new Map(
    guarded.map((w) => [w, defs.define(`${prefix}asked2:${w}`, and(not(asked1.get(w)!), or(...[...mapped].filter(([r]) => graph.reaches(role(r), role(w))).map(([, t]) => t))))]),
  );
  const call2Happens = or(...asked2.values());
  const call2 = evaluate('activate2', activationCall(asked2));
  const opened = new Map<string, Term[]>();
  for (const [key, a] of table) {
    if (a.kind !== 'role_where') continue;
    const t = or(call1.permitted.get(key)!, and(call2Happens, call2.permitted.get(key)!));
    for (const r of a.roles) opened.set(r, [...(opened.get(r) ?? []), t]);
  }
  const open = new Map([...opened].map(([r, ts]) => [r, defs.define(`${prefix}open:${r}`, or(...ts))]));

  // The decision slice: a guarded role's edges only when it is open.
  const reach = new Map<string, Term>();
  const reachOpen = (from: EntityRefJson, to: EntityRefJson, onPath: Set<string>): Term => {
    if (from.type === to.type && from.id === to.id) return TRUE;
    const k = `${from.type}::${from.id}>${to.type}::${to.id}`;
    const hit = reach.get(k);
    if (hit) return hit;
    if (onPath.has(k)) throw new Error(`entities.json has a cycle through ${from.type}::"${from.id}"`);
    if (!graph.reaches(from, to)) return FALSE; // not even through every edge
    onPath.add(k);
    const gate = from.type === ROLE && open.has(from.id) ? open.get(from.id)! : isGuarded(from) ? FALSE : TRUE;
    const t = defs.define(`${prefix}reach:${k}`, and(gate, or(...graph.parentsOf(from).map((p) => reachOpen(p, to, onPath)))));
    onPath.delete(k);
    reach.set(k, t);
    return t;
  };
  const decision: CallShape = {
    principalIn: (to) => {
      const parts: Term[] = [principalIs(m, to)];
      for (const [type, isUser] of [[USER, m.isUser], [API_KEY, not(m.isUser)]] as const) {
        for (const id of graph.reaching(type, to)) {
          const self = { type, id };
          if (id === to.id && type === to.type) continue;
          parts.push(and(isUser, eq(m.principalId, str(id)), or(...graph.parentsOf(self).map((p) => reachOpen(p, to, new Set())))));
        }
      }
      for (const g of graph.reaching(GROUP, to)) parts.push(and({ op: 'member', elem: str(g), set: m.groups }, reachOpen({ type: GROUP, id: g }, to, new Set())));
      for (const r of graph.reaching(ROLE, to)) parts.push(and({ op: 'member', elem: str(r), set: m.roles }, reachOpen(role(r), to, new Set())));
      for (const [r, t] of mapped) parts.push(and(t, reachOpen(role(r), to, new Set())));
      return or(...parts);
    },
    literalIn: (from, to) => (from.type === to.type && from.id === to.id ? TRUE : FALSE), // no literal-in-literal is emitted
    privilegeInContext: true,
  };
  return { decision, activationError: or(call1.error, and(call2Happens, call2.error)) };
}

/** The principal is the entity `to` (`in` is reflexive). */
function principalIs(m: RequestModel, to: EntityRefJson): Term {
  if (to.type === USER) return and(m.isUser, eq(m.principalId, str(to.id)));
  if (to.type === API_KEY) return and(not(m.isUser), eq(m.principalId, str(to.id)));
  return FALSE;
}

/** In an activation call the principal's parents are the guarded roles asked and its groups. */
function activationParent(m: RequestModel, to: EntityRefJson): Term {
  if (to.type === GROUP) return { op: 'member', elem: str(to.id), set: m.groups };
  return principalIs(m, to);
}
