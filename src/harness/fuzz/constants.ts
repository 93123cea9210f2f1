/**
 * The constants a policy set mentions, gathered from its IR into pools the request
 * generator draws from: names around every pattern, literal values around every
 * condition (±1 for integers, CIDR edges for IPs), principals and groups of every holder.
 * Pools are deterministic and start with the simplest value (fast-check shrinks toward
 * the first element of a `constantFrom`).
 */
import type { Cond, PolicySetIR, ValueExpr } from '../../semantics/ir.ts';
import { addressesAround } from './ip.ts';
import { namesAround, unique } from './names.ts';

export interface Constants {
  indexNames: string[];
  fieldNames: string[];
  runAsUsers: string[];
  applications: string[];
  appPrivileges: string[];
  appResources: string[];
  deployments: string[];
  principalIds: string[];
  groups: string[];
  realms: string[];
  /** Role names a request may carry: known (user-defined and built-in), cloud, unknown. */
  requestRoles: string[];
  /** Per operand (`user.clearance`, `principal.realm`, …): values seen in conditions. */
  strings: Map<string, string[]>;
  longs: Map<string, number[]>;
  ips: Map<string, string[]>;
  /** Operands compared with each other in some condition (both directions). */
  links: Map<string, string[]>;
  /** All string / integer literals of the set, for attributes compared with each other. */
  allStrings: string[];
  allLongs: number[];
  allIps: string[];
}

export function collectConstants(ir: PolicySetIR): Constants {
  const acc = new Acc();
  for (const role of ir.roles) {
    if (role.where) acc.cond(role.where);
    for (const p of role.permissions) {
      if (p.kind === 'index') {
        acc.patterns('resource.index', [...p.names.patterns, ...p.names.except]);
        if (p.fields) acc.fieldPatterns([...p.fields.grant, ...p.fields.except]);
        if (p.documents) acc.cond(p.documents);
      } else if (p.kind === 'run_as') acc.patterns('run_as', p.users);
      else if (p.kind === 'application') {
        acc.patterns('application', [p.application]);
        acc.patterns('app_privilege', p.privileges);
        acc.patterns('app_resource', p.resources);
      }
    }
  }
  for (const d of ir.denies) {
    const t = d.target;
    if (t.kind === 'index') acc.patterns('resource.index', [...t.names.patterns, ...t.names.except]);
    else if (t.kind === 'run_as') acc.patterns('run_as', t.users);
    else if (t.kind === 'application') {
      acc.patterns('application', [t.application]);
      acc.patterns('app_privilege', t.privileges);
      acc.patterns('app_resource', t.resources);
    } else if (t.kind === 'cloud' && t.deployments) acc.patterns('resource.deployment', t.deployments);
    if (d.condition) acc.cond(d.condition.cond);
    if (d.forUser !== undefined) acc.str('principal.id', d.forUser);
  }
  for (const a of ir.assignments) {
    const h = a.holder;
    if (h.kind === 'principal') acc.str('principal.id', h.principalId);
    else if (h.kind === 'group') acc.str('principal.groups', h.group);
    else acc.cond(h.when);
  }
  for (const c of ir.cloudAssignments) {
    acc.str('principal.id', c.principalId);
    if (c.scope.kind === 'deployments') for (const n of c.scope.names) acc.str('resource.deployment', n);
  }
  // Names in a request are never empty (the request schema says minLength 1).
  const get = (k: string, base: string[]) => unique([...base, ...(acc.strings.get(k) ?? [])]).filter((s) => s !== '');
  const allStrings = unique([...acc.strings.values()].flat());
  const allLongs = unique([0, ...[...acc.longs.values()].flat()]);
  return {
    indexNames: get('resource.index', ['logs', '.security']),
    fieldNames: get('resource.field', ['message']),
    runAsUsers: get('run_as', ['someone']),
    applications: get('application', ['kibana-.kibana']),
    appPrivileges: get('app_privilege', ['read']),
    appResources: get('app_resource', ['*', 'space:default']),
    deployments: get('resource.deployment', ['prod-eu', 'other']),
    principalIds: get('principal.id', ['nobody']),
    groups: get('principal.groups', ['cn=nobody']),
    realms: get('principal.realm', ['native']),
    requestRoles: unique([...ir.roles.map((r) => r.name), ...ir.cloudRoles.map((r) => r.name), 'no_such_role']),
    strings: acc.strings,
    longs: acc.longs,
    ips: acc.ips,
    links: acc.links,
    allStrings: allStrings.length ? allStrings : ['a'],
    allLongs,
    allIps: unique(['127.0.0.1', ...[...acc.ips.values()].flat()]),
  };
}

/**
 * Lists of distinct values per key, in first-seen order (which the generator's shrinking
 * depends on). Membership is a set beside each list: a 10,000-role set has pools of
 * 100,000+ names, where a list's `includes` made collecting quadratic.
 */
class Pools<T> {
  readonly lists = new Map<string, T[]>();
  private readonly seen = new Map<string, Set<T>>();

  add(k: string, v: T): void {
    let set = this.seen.get(k);
    if (!set) this.seen.set(k, (set = new Set()));
    if (set.has(v)) return;
    set.add(v);
    const xs = this.lists.get(k);
    if (xs) xs.push(v);
    else this.lists.set(k, [v]);
  }
}

class Acc {
  private readonly pools = { strings: new Pools<string>(), longs: new Pools<number>(), ips: new Pools<string>(), links: new Pools<string>() };
  readonly strings = this.pools.strings.lists;
  readonly longs = this.pools.longs.lists;
  readonly ips = this.pools.ips.lists;
  readonly links = this.pools.links.lists;

  str(key: string, v: string): void {
    this.pools.strings.add(key, v);
  }
  patterns(key: string, ps: string[]): void {
    for (const p of ps) for (const n of namesAround(p)) this.str(key, n);
  }
  /** Field patterns match whole dotted paths: `a.*` is about `a.b`, not `a`. */
  fieldPatterns(ps: string[]): void {
    for (const p of ps) {
      this.patterns('resource.field', [p]);
      if (p.endsWith('.*')) this.str('resource.field', p.slice(0, -2));
    }
  }

  cond(c: Cond): void {
    switch (c.kind) {
      case 'const':
        return;
      case 'truthy':
        return;
      case 'compare':
        this.pair(c.left, c.right);
        this.pair(c.right, c.left);
        return;
      case 'in':
        this.pair(c.elem, c.set);
        this.pair(c.set, c.elem);
        return;
      case 'setop':
        this.pair(c.set, c.arg);
        this.pair(c.arg, c.set);
        return;
      case 'isEmpty':
      case 'has':
        return;
      case 'like': {
        const k = keyOf(c.expr);
        if (k) this.patterns(k, [c.pattern]);
        return;
      }
      case 'isInRange': {
        const k = keyOf(c.expr);
        if (k && c.range.kind === 'ip') for (const a of addressesAround(c.range.cidr)) this.pools.ips.add(k, a);
        return;
      }
      case 'and':
      case 'or':
        for (const a of c.args) this.cond(a);
        return;
      case 'not':
        this.cond(c.arg);
        return;
    }
  }

  /** An integer and its neighbours, kept within the range requests may carry. */
  private longAround(k: string, v: number): void {
    for (const x of [v, v - 1, v + 1]) if (Number.isSafeInteger(x)) this.pools.longs.add(k, x);
  }

  /** Values of `lit` are interesting for operand `op` (and their neighbours). */
  private pair(op: ValueExpr, lit: ValueExpr): void {
    const k = keyOf(op);
    if (!k) return;
    const other = keyOf(lit);
    if (other) this.pools.links.add(k, other);
    if (lit.kind === 'string') this.str(k, lit.value);
    else if (lit.kind === 'long') this.longAround(k, lit.value);
    else if (lit.kind === 'set') {
      for (const v of lit.values) {
        if (typeof v === 'string') this.str(k, v);
        else this.longAround(k, v);
      }
    } else if (lit.kind === 'ip') for (const a of addressesAround(lit.cidr)) this.pools.ips.add(k, a);
  }
}

export function keyOf(e: ValueExpr): string | undefined {
  if (e.kind === 'attr') return `${e.scope}.${e.name}`;
  if (e.kind === 'prop') return e.prop;
  return undefined;
}
