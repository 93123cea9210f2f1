/**
 * "allow" from the IR — the DSL's meaning (language.md, semantics/ir.ts header) — as a
 * term over the symbolic request:
 *
 *   held(R)   = R ∈ principal.roles ∨ a user/api_key/group holder applies ∨ T(mapping)
 *               ∨ a user's cloud assignment signs in as R on a stack request in scope
 *   active(R) = (held(R) ∨ ∃Q includes R: active(Q)) ∧ T(where R)
 *   grant(p)  = the permission p of an active role matches (every part agrees)
 *   fires(d)  = the deny's target matches ∧ for-role/for-user ∧ its condition is not
 *               definitely false (when) / not definitely true (unless)
 *   allow     = (∨ grants) ∧ ¬(∨ fires)
 *
 * Every rule gets a named definition (`grant:<id>`, `deny:<id>`), so a witness can say
 * which rules decided it. `prefix` keeps two policy sets apart in one problem (diff).
 */
import type { CloudAssignmentIR, DenyIR, NameMatchIR, PermissionIR, PolicySetIR, PrivilegeFamily } from '../semantics/ir.ts';
import { CondEncoder } from './ir-conditions.ts';
import type { RequestModel } from './request-model.ts';
import { and, Defs, eq, not, or, str, TRUE, type Term } from './term.ts';

export interface DecisionEncoding {
  defs: Defs;
  allow: Term;
  /** Rule id → its grant / fire condition (references into defs). */
  grants: Map<string, Term>;
  denies: Map<string, Term>;
  /** active(role), defined on first use. */
  activeOf(role: string): Term;
}

export function matchAny(x: Term, patterns: readonly string[]): Term {
  return or(...patterns.map((p) => ({ op: 'like', arg: x, pattern: p }) as Term));
}

export function nameMatch(x: Term, m: NameMatchIR): Term {
  return and(matchAny(x, m.patterns), not(matchAny(x, m.except)));
}

export function oneOf(x: Term, values: Iterable<string>): Term {
  return or(...[...new Set(values)].sort().map((s) => eq(x, str(s))));
}

export class IrDecisionEncoder {
  private readonly cond: CondEncoder;
  private readonly active = new Map<string, Term>();
  private readonly includers = new Map<string, string[]>();

  constructor(
    private readonly ir: PolicySetIR,
    private readonly m: RequestModel,
    private readonly defs: Defs,
    private readonly prefix = '',
  ) {
    this.cond = new CondEncoder(m);
    for (const r of ir.roles) {
      for (const inc of r.includes) {
        const list = this.includers.get(inc) ?? [];
        list.push(r.name);
        this.includers.set(inc, list);
      }
    }
  }

  /** Privileges a request may ask for to be covered by listing `listed`. */
  private closure(family: PrivilegeFamily, listed: readonly string[]): string[] {
    const out = new Set<string>();
    for (const q of listed) {
      const entry = this.ir.catalog[family].find((c) => c.name === q);
      for (const p of entry ? entry.implies : [q]) out.add(p);
    }
    return [...out];
  }

  /** Privileges a deny listing `listed` applies to: q ⇒ p or p ⇒ q. */
  private overlapping(family: PrivilegeFamily, listed: readonly string[]): string[] {
    const out = new Set<string>(this.closure(family, listed));
    for (const p of this.ir.catalog[family]) if (listed.some((q) => p.implies.includes(q))) out.add(p.name);
    return [...out];
  }

  held(role: string): Term {
    const m = this.m;
    const parts: Term[] = [{ op: 'member', elem: str(role), set: m.roles }];
    for (const a of this.ir.assignments) {
      if (!a.roles.includes(role)) continue;
      const h = a.holder;
      if (h.kind === 'principal') parts.push(and(h.principalType === 'user' ? m.isUser : not(m.isUser), eq(m.principalId, str(h.principalId))));
      else if (h.kind === 'group') parts.push({ op: 'member', elem: str(h.group), set: m.groups });
      else parts.push(this.cond.tri(h.when).isTrue);
    }
    for (const a of this.ir.cloudAssignments) {
      const cr = this.ir.cloudRoles.find((c) => c.name === a.role);
      if (a.principalType !== 'user' || cr?.signInRole !== role) continue;
      parts.push(and(m.isUser, eq(m.principalId, str(a.principalId)), m.stackRequest(), this.inScope(a)));
    }
    return or(...parts);
  }

  private inScope(a: CloudAssignmentIR): Term {
    if (a.scope.kind === 'deployments') return and(this.m.hasDeployment, oneOf(this.m.deployment, a.scope.names));
    return this.m.hasDeployment;
  }

  activeOf(role: string): Term {
    const hit = this.active.get(role);
    if (hit) return hit;
    const r = this.ir.roles.find((x) => x.name === role);
    if (!r) throw new Error(`unknown role ${role}`);
    const via = (this.includers.get(role) ?? []).map((q) => this.activeOf(q));
    const body = and(or(this.held(role), ...via), r.where ? this.cond.tri(r.where).isTrue : TRUE);
    const t = this.defs.define(`${this.prefix}active:${role}`, body);
    this.active.set(role, t);
    return t;
  }

  private permission(p: PermissionIR): Term {
    const m = this.m;
    switch (p.kind) {
      case 'cluster':
        return and(m.typeIs('cluster'), oneOf(m.action, this.closure('cluster', p.privileges)));
      case 'index': {
        const field = p.fields ? or(not(m.typeIs('field')), nameMatch(m.resourceField('field'), { patterns: p.fields.grant, except: p.fields.except })) : TRUE;
        const docs = p.documents ? or(not(m.namesDocument()), this.cond.tri(p.documents).isTrue) : TRUE;
        return and(m.typeIs('index', 'document', 'field'), oneOf(m.action, this.closure('index', p.privileges)), nameMatch(m.resourceField('index'), p.names), field, docs);
      }
      case 'run_as':
        return and(m.typeIs('user'), eq(m.action, str('run_as')), matchAny(m.resourceField('name'), p.users));
      case 'application':
        return and(m.typeIs('application'), matchAny(m.resourceField('application'), [p.application]), matchAny(m.action, p.privileges), matchAny(m.resourceField('resource'), p.resources));
    }
  }

  private cloudGrant(a: CloudAssignmentIR): Term {
    const m = this.m;
    const cr = this.ir.cloudRoles.find((c) => c.name === a.role);
    if (!cr) throw new Error(`cloud role ${a.role} missing from the IR`);
    const org = [...cr.organizationPrivileges, ...(a.scope.kind === 'all_deployments' ? cr.organizationPrivilegesWhenAllDeployments : [])];
    const who = and(a.principalType === 'user' ? m.isUser : not(m.isUser), eq(m.principalId, str(a.principalId)));
    return and(
      who,
      or(
        and(m.typeIs('organization'), oneOf(m.action, this.closure('cloud', org))),
        and(m.typeIs('deployment'), this.inScope(a), oneOf(m.action, this.closure('cloud', cr.deploymentPrivileges))),
      ),
    );
  }

  private denyFires(d: DenyIR): Term {
    const m = this.m;
    const t = d.target;
    let target: Term;
    switch (t.kind) {
      case 'index':
        target = and(m.typeIs('index', 'document', 'field'), oneOf(m.action, this.overlapping('index', t.privileges)), nameMatch(m.resourceField('index'), t.names));
        break;
      case 'cluster':
        target = and(m.typeIs('cluster'), oneOf(m.action, this.overlapping('cluster', t.privileges)));
        break;
      case 'run_as':
        target = and(m.typeIs('user'), eq(m.action, str('run_as')), matchAny(m.resourceField('name'), t.users));
        break;
      case 'application':
        target = and(m.typeIs('application'), matchAny(m.resourceField('application'), [t.application]), matchAny(m.action, t.privileges), matchAny(m.resourceField('resource'), t.resources));
        break;
      case 'cloud':
        target = and(
          m.typeIs('organization', 'deployment'),
          oneOf(m.action, this.overlapping('cloud', t.privileges)),
          t.deployments ? or(m.typeIs('organization'), matchAny(m.deployment, t.deployments)) : TRUE,
        );
        break;
    }
    const scope = and(
      d.forRole !== undefined ? this.activeOf(d.forRole) : TRUE,
      d.forUser !== undefined ? and(m.isUser, eq(m.principalId, str(d.forUser))) : TRUE,
    );
    let fires: Term = TRUE;
    if (d.condition) {
      const c = this.cond.tri(d.condition.cond);
      fires = not(d.condition.mode === 'when' ? c.isFalse : c.isTrue);
    }
    return and(target, scope, fires);
  }

  encode(): DecisionEncoding {
    const grants = new Map<string, Term>();
    const denies = new Map<string, Term>();
    for (const r of this.ir.roles) {
      if (r.permissions.length === 0) continue;
      const active = this.activeOf(r.name);
      r.permissions.forEach((p, i) => {
        // One DSL rule may hold several permissions (e.g. two index blocks of a role).
        const g = this.defs.define(`${this.prefix}grant:${p.id}#${i}`, and(active, this.permission(p)));
        grants.set(p.id, or(grants.get(p.id) ?? { op: 'bool', value: false }, g));
      });
    }
    for (const a of this.ir.cloudAssignments) grants.set(a.id, this.defs.define(`${this.prefix}grant:${a.id}`, this.cloudGrant(a)));
    for (const d of this.ir.denies) denies.set(d.id, this.defs.define(`${this.prefix}deny:${d.id}`, this.denyFires(d)));
    const granted = this.defs.define(`${this.prefix}granted`, or(...grants.values()));
    const denied = this.defs.define(`${this.prefix}denied`, or(...denies.values()));
    const allow = this.defs.define(`${this.prefix}allow`, and(granted, not(denied)));
    return { defs: this.defs, allow, grants, denies, activeOf: (role) => this.activeOf(role) };
  }
}

export function encodeIrDecision(ir: PolicySetIR, m: RequestModel, defs = new Defs(), prefix = ''): DecisionEncoding {
  return new IrDecisionEncoder(ir, m, defs, prefix).encode();
}
