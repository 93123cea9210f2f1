/**
 * Cedar's authorization over the emitted bundle, as terms: a policy is satisfied when
 * its scope holds and each `when` body is true and each `unless` body false; a policy
 * whose condition errors (evaluated left to right, scope first) is skipped by Cedar and
 * reported in the diagnostics, which the harness turns into an engine error. So
 *
 *   error = ∨ policy errors
 *   allow = (∨ satisfied permits) ∧ ¬(∨ satisfied forbids)     (read where error is false)
 */
import type { CedarApi, EntityJson } from '../../backends/cedar/wasm-api.ts';
import type { PolicySetIR } from '../../semantics/ir.ts';
import type { RequestModel } from '../request-model.ts';
import { textOf, type TargetEncoder, type TargetEncoding, type TargetFiles, type Unencoded } from '../target.ts';
import { and, Defs, FALSE, not, or, TRUE, type Term } from '../term.ts';
import { ExprEncoder } from './expr.ts';
import { actionAncestors, EntityGraph } from './hierarchy.ts';
import { readPolicies, type EstScope, type ReadPolicy } from './policies.ts';
import { CedarRequest, type CallShape, type Unsupported } from './request.ts';
import { activationProtocol } from './activation.ts';
import type { EntityVal } from './values.ts';

export function cedarEncoder(cedar: CedarApi): TargetEncoder {
  return { name: 'cedar', encode: (files, _ir, m, defs) => encodeCedar(files, m, defs, cedar) };
}

export function encodeCedar(files: TargetFiles, m: RequestModel, defs: Defs, cedar: CedarApi, prefix = 'cedar:'): TargetEncoding {
  const policies = readPolicies(textOf(files, 'policies.cedar'), cedar);
  const entities = JSON.parse(textOf(files, 'entities.json')) as EntityJson[];
  const graph = new EntityGraph(entities as unknown as { uid: { type: string; id: string }; parents: { type: string; id: string }[] }[]);
  const actions = actionAncestors(JSON.parse(textOf(files, 'schema.cedarschema.json')));
  const unencoded: Unencoded[] = [];
  const seen = new Set<string>();
  const report = (u: Unencoded) => {
    const k = JSON.stringify(u);
    if (!seen.has(k)) unencoded.push(u);
    seen.add(k);
  };
  for (const e of entities) {
    if (Object.keys(e.attrs ?? {}).length > 0) report({ file: 'entities.json', where: JSON.stringify(e.uid), construct: 'static entity attributes' });
  }
  /** Every policy of the set evaluated in one call of the protocol. */
  const evaluate = (call: string, shape: CallShape) => {
    const req = new CedarRequest(m, actions, shape);
    const sat = new Map<string, Term>();
    const err = new Map<string, Term>();
    for (const p of policies) {
      const e = encodePolicy(p, req, (construct) => report({ file: 'policies.cedar', where: `${p.key} @id(${JSON.stringify(p.id)})`, construct }));
      sat.set(p.key, defs.define(`${prefix}${call}:sat:${p.key}`, e.satisfied));
      err.set(p.key, defs.define(`${prefix}${call}:err:${p.key}`, e.error));
    }
    const applies = (p: ReadPolicy) => and(sat.get(p.key)!, not(err.get(p.key)!));
    const forbidden = defs.define(`${prefix}${call}:forbidden`, or(...policies.filter((p) => p.est.effect === 'forbid').map(applies)));
    const allowed = defs.define(`${prefix}${call}:allowed`, and(or(...policies.filter((p) => p.est.effect === 'permit').map(applies)), not(forbidden)));
    // Cedar's reasons: the satisfied forbids when one is, else the satisfied permits.
    const permitted = new Map(policies.map((p) => [p.key, p.est.effect === 'forbid' ? applies(p) : and(applies(p), not(forbidden))]));
    return { permitted, error: defs.define(`${prefix}${call}:error`, or(...err.values())), allowed };
  };
  const protocol = activationProtocol(m, graph, policies, defs, evaluate, prefix);
  const decision = evaluate('decide', protocol.decision);
  const rules = new Map<string, Term>();
  for (const p of policies) rules.set(p.id, or(rules.get(p.id) ?? FALSE, decision.permitted.get(p.key)!));
  const error = defs.define(`${prefix}error`, or(protocol.activationError, decision.error));
  return { allow: decision.allowed, error, rules, unencoded };
}

/** One policy: satisfied (reading every condition's value) and its evaluation error. */
export function encodePolicy(p: ReadPolicy, req: CedarRequest, unsupported: Unsupported): { satisfied: Term; error: Term } {
  const x = new ExprEncoder(req, unsupported);
  const scope = and(
    scopeTerm(p.est.principal, { kind: 'principal' }, req, unsupported),
    scopeTerm(p.est.action, { kind: 'action' }, req, unsupported),
    scopeTerm(p.est.resource, { kind: 'resource' }, req, unsupported),
  );
  // Conditions in order: each is evaluated only while everything before it held.
  let reached: Term = scope;
  const errs: Term[] = [];
  const holds: Term[] = [scope];
  for (const c of p.est.conditions) {
    const b = x.bool(c.body);
    const h = c.kind === 'when' ? b.t : not(b.t);
    errs.push(and(reached, b.err));
    holds.push(h);
    reached = and(reached, not(b.err), h);
  }
  return { satisfied: and(...holds), error: or(...errs) };
}

function scopeTerm(s: EstScope, self: EntityVal, req: CedarRequest, unsupported: Unsupported): Term {
  const lit = (uid: { type: string; id: string }): EntityVal => ({ kind: 'literal', uid });
  switch (s.op) {
    case 'All':
      return TRUE;
    case '==':
      return req.eq(self, lit(s.entity!), unsupported);
    case 'in':
      if (s.entities) return or(...s.entities.map((u) => req.in(self, lit(u), unsupported)));
      return req.in(self, lit(s.entity!), unsupported);
    case 'is':
      return and(req.is(self, s.entity_type!), s.in ? req.in(self, lit(s.in.entity), unsupported) : TRUE);
    default:
      unsupported(`scope ${JSON.stringify(s)}`);
      return FALSE;
  }
}
