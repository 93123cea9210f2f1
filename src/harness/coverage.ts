/**
 * Rule coverage: which DSL rules of a policy set no case exercised.
 *
 * Sound from the engines' answers (a rule counts only when BOTH engines answered):
 *  - a permission is exercised when both engines cite it in `reasons` (it decided an allow);
 *  - a deny when both cite it in `deniedBy`;
 *  - a cloud assignment when both cite its id.
 *
 * Engines do not (yet) say which holder made a role active, so for static assignments,
 * mappings and cloud sign-in roles the harness DERIVES it, for reporting only (never to
 * decide anything): a holder is credited when a cited permission belongs to a role the
 * holder's roles include (transitively) and
 *  - `user`/`api_key`/`group` holders and cloud assignments: the holder applies to the
 *    request structurally (type + id, group membership, deployment in scope) — plain
 *    equality on request fields, no condition is evaluated;
 *  - mappings: nothing else can explain the role (no structural holder, no request role,
 *    no cloud sign-in) and exactly one mapping could — since the engines did activate
 *    the role, that mapping's `when` must have held.
 * If the engines ever report an optional `via` list, it should replace this derivation.
 */
import type { AssignmentIR, PolicySetIR } from '../semantics/ir.ts';
import type { EngineAnswer } from '../engines/decision.ts';
import type { Request } from '../request/types.ts';

export type RuleKind = 'permission' | 'deny' | 'assignment' | 'mapping' | 'cloud_assignment';

export interface CoverageRule {
  id: string;
  kind: RuleKind;
}

export interface CoverageReport {
  total: number;
  exercised: number;
  /** 0–100, one decimal; 100 when there is nothing to cover. */
  percent: number;
  unexercised: CoverageRule[];
}

export interface Observation {
  request: Request;
  cedar: EngineAnswer;
  rego: EngineAnswer;
}

/** Every user-written rule of the set (built-ins are not the author's to cover). */
export function coverageRules(ir: PolicySetIR): CoverageRule[] {
  const out: CoverageRule[] = [];
  for (const r of ir.roles) if (!r.builtin) for (const p of r.permissions) out.push({ id: p.id, kind: 'permission' });
  for (const d of ir.denies) out.push({ id: d.id, kind: 'deny' });
  for (const a of ir.assignments) out.push({ id: a.id, kind: a.holder.kind === 'mapping' ? 'mapping' : 'assignment' });
  for (const c of ir.cloudAssignments) out.push({ id: c.id, kind: 'cloud_assignment' });
  const seen = new Set<string>();
  return out.filter((r) => !seen.has(r.id) && seen.add(r.id)).sort((a, b) => compareRuleIds(a.id, b.id));
}

/** Source order: by file, then line number, then the rest of the id. */
export function compareRuleIds(a: string, b: string): number {
  const ka = ruleKey(a);
  const kb = ruleKey(b);
  return cmp(ka[0], kb[0]) || ka[1] - kb[1] || cmp(ka[2], kb[2]);
}

function ruleKey(id: string): [string, number, string] {
  const m = /^(.*?):(\d+):(.*)$/.exec(id);
  return m ? [m[1]!, Number(m[2]), m[3]!] : [id, 0, ''];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rule ids one observation exercised (see the module comment for the definition). */
export function exercised(ir: PolicySetIR, obs: Observation): Set<string> {
  const out = new Set<string>();
  if (!obs.cedar.ok || !obs.rego.ok) return out;
  // Cited by both. The lists hold a few ids each: scanned, not put in sets (this runs on
  // every request the fuzzer evaluates).
  const c = obs.cedar.decision;
  const r = obs.rego.decision;
  const byRego = (id: string): boolean => r.reasons.includes(id) || r.deniedBy.includes(id);
  const cited = c.reasons.filter(byRego);
  for (const id of c.deniedBy) if (byRego(id)) cited.push(id);
  if (cited.length === 0) return out;
  for (const id of cited) out.add(id);

  const index = coverageIndex(ir);
  const citedRoles = new Set<string>();
  for (const id of cited) for (const role of index.rolesOf.get(id) ?? []) citedRoles.add(role);
  if (citedRoles.size === 0) return out;
  const req = obs.request;
  const requestRoles = (req.principal.roles ?? []).filter((r) => index.closure.has(r));
  for (const target of citedRoles) {
    const holders = index.holdersOf(target);
    const structural = holders.structural.filter((a) => holderApplies(a, req));
    for (const a of structural) out.add(a.id);
    const signIns = holders.signIns.filter((c) => signInApplies(c, req));
    for (const c of signIns) out.add(c.id);
    const { mappings } = holders;
    if (structural.length === 0 && signIns.length === 0 && !index.explains(requestRoles, target) && mappings.length === 1) {
      out.add(mappings[0]!.id);
    }
  }
  return out;
}

/** The rules that could explain a role being active, before looking at any request. */
interface TargetHolders {
  /** User, API key and group assignments whose roles include the target. */
  structural: AssignmentIR[];
  /** Cloud assignments whose sign-in role includes the target. */
  signIns: PolicySetIR['cloudAssignments'];
  /** Mappings whose roles include the target. */
  mappings: AssignmentIR[];
}

/** What `exercised` reads of a policy set, built once per set (it runs on every request). */
interface CoverageIndex {
  /** permission id → the roles declaring it. */
  rolesOf: Map<string, string[]>;
  closure: Map<string, Set<string>>;
  /** Whether one of `roles` includes `target` (itself or transitively). */
  explains(roles: readonly string[], target: string): boolean;
  holdersOf(target: string): TargetHolders;
}

const coverageIndexes = new WeakMap<PolicySetIR, CoverageIndex>();

function coverageIndex(ir: PolicySetIR): CoverageIndex {
  const known = coverageIndexes.get(ir);
  if (known) return known;
  const rolesOf = new Map<string, string[]>();
  for (const r of ir.roles) {
    for (const p of r.permissions) {
      const list = rolesOf.get(p.id);
      if (list) list.push(r.name);
      else rolesOf.set(p.id, [r.name]);
    }
  }
  const closure = includeClosure(ir);
  const explains = (roles: readonly string[], target: string) => roles.some((q) => closure.get(q)?.has(target));
  const signInRole = new Map<string, string | undefined>();
  for (const r of ir.cloudRoles) if (!signInRole.has(r.name)) signInRole.set(r.name, r.signInRole);
  const byTarget = new Map<string, TargetHolders>();
  const holdersOf = (target: string): TargetHolders => {
    let h = byTarget.get(target);
    if (!h) {
      h = {
        structural: ir.assignments.filter((a) => a.holder.kind !== 'mapping' && explains(a.roles, target)),
        signIns: ir.cloudAssignments.filter((c) => {
          const role = signInRole.get(c.role);
          return role !== undefined && explains([role], target);
        }),
        mappings: ir.assignments.filter((a) => a.holder.kind === 'mapping' && explains(a.roles, target)),
      };
      byTarget.set(target, h);
    }
    return h;
  };
  const index = { rolesOf, closure, explains, holdersOf };
  coverageIndexes.set(ir, index);
  return index;
}

export function coverage(ir: PolicySetIR, observations: Observation[]): CoverageReport {
  const rules = coverageRules(ir);
  const hit = new Set<string>();
  for (const o of observations) for (const id of exercised(ir, o)) hit.add(id);
  const unexercised = rules.filter((r) => !hit.has(r.id));
  const done = rules.length - unexercised.length;
  const percent = rules.length === 0 ? 100 : Math.floor((done / rules.length) * 1000) / 10;
  return { total: rules.length, exercised: done, percent, unexercised };
}

export function renderCoverage(c: CoverageReport): string {
  const lines = [`coverage: ${c.exercised}/${c.total} rules exercised (${c.percent}%)`];
  for (const r of c.unexercised) lines.push(`  not exercised: ${r.kind.padEnd(16)} ${r.id}`);
  return lines.join('\n') + '\n';
}

/** role → every role whose permissions it activates (itself and its transitive includes). */
export function includeClosure(ir: PolicySetIR): Map<string, Set<string>> {
  const direct = new Map(ir.roles.map((r) => [r.name, r.includes]));
  const memo = new Map<string, Set<string>>();
  const visit = (name: string, stack: Set<string>): Set<string> => {
    const known = memo.get(name);
    if (known) return known;
    const acc = new Set([name]);
    for (const inc of direct.get(name) ?? []) {
      if (stack.has(inc)) continue; // the front end rejects cycles; never loop anyway
      for (const x of visit(inc, new Set([...stack, inc]))) acc.add(x);
    }
    memo.set(name, acc);
    return acc;
  };
  for (const r of ir.roles) visit(r.name, new Set([r.name]));
  return memo;
}

function holderApplies(a: AssignmentIR, req: Request): boolean {
  const h = a.holder;
  if (h.kind === 'principal') return req.principal.type === h.principalType && req.principal.id === h.principalId;
  if (h.kind === 'group') return (req.principal.groups ?? []).includes(h.group);
  return false;
}

function signInApplies(c: PolicySetIR['cloudAssignments'][number], req: Request): boolean {
  if (req.principal.type !== 'user' || c.principalType !== 'user' || req.principal.id !== c.principalId) return false;
  const dep = req.resource.deployment;
  if (dep === undefined || req.resource.type === 'organization' || req.resource.type === 'deployment') return false;
  return c.scope.kind !== 'deployments' || c.scope.names.includes(dep);
}
