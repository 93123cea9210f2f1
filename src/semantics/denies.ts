/** Denies: target, privileges (with the precomputed overlap set), condition, restriction. */
import type { Span } from '../diagnostics/types.ts';
import type { Cond, DenyIR, DenyTargetIR } from './ir.ts';
import type { DenyDecl, DenyTarget } from '../syntax/ast.ts';
import type { Catalog } from './catalog/index.ts';
import type { SchemaLookup } from './schema.ts';
import { checkCond } from './conditions.ts';
import { checkPatterns } from './patterns.ts';
import { checkPrivileges, overlapping } from './privileges.ts';
import { checkRoleRef, ruleId } from './roles.ts';
import { where, type LocOf, type Reporter } from './report.ts';

export interface DenyEnv {
  catalog: Catalog;
  schema: SchemaLookup;
  locOf: LocOf;
  r: Reporter;
  known: ReadonlySet<string>;
}

const lit = (s: { value: string; span: Span }) => ({ text: s.value, span: s.span });

export function lowerDeny(d: DenyDecl, env: DenyEnv, firstSeen: Map<string, Span>): DenyIR | undefined {
  const { r } = env;
  const first = firstSeen.get(d.name.text);
  if (first) r.error('E0202', d.name.span, `deny \`${d.name.text}\` is already defined at ${where(first)}`);
  else firstSeen.set(d.name.text, d.name.span);
  const loc = env.locOf(d.name.span);
  const deny: DenyIR = { name: d.name.text, id: ruleId(loc, d.name.text), loc, target: { kind: 'cluster', privileges: [] } };
  if (d.forRole && checkRoleRef(d.forRole, env.known, r)) deny.forRole = d.forRole.text;
  if (d.forUser) deny.forUser = d.forUser.value;
  if (d.condition) {
    const cond = checkCond(d.condition.cond, { schema: env.schema, documents: true, place: 'a deny condition', r });
    if (cond) deny.condition = { mode: d.condition.mode, cond };
    if (cond && d.target && d.target.kind !== 'index' && readsDocument(cond))
      r.warn(
        'W0204',
        d.condition.span,
        `${d.target.kind} requests never name a document, so this condition is unknown on them and the deny always fires (denies fail closed)`,
      );
  }
  if (!d.target) return undefined;
  deny.target = lowerTarget(d.target, env);
  const t = deny.target;
  if (t.kind === 'cluster' || t.kind === 'index' || t.kind === 'cloud') deny.overlapping = overlapping(t.kind, t.privileges, env.catalog);
  return deny;
}

export function lowerTarget(t: DenyTarget, env: DenyEnv): DenyTargetIR {
  const { r, catalog } = env;
  switch (t.kind) {
    case 'index':
      return {
        kind: 'index',
        names: { patterns: checkPatterns(t.patterns?.map(lit), 'index', r), except: checkPatterns(t.except?.map(lit), 'index except', r) },
        privileges: checkPrivileges('index', t.privileges, catalog, r),
      };
    case 'cluster':
      return { kind: 'cluster', privileges: checkPrivileges('cluster', t.privileges, catalog, r) };
    case 'run_as':
      return { kind: 'run_as', users: checkPatterns(t.patterns?.map(lit), 'run_as', r) };
    case 'application':
      return {
        kind: 'application',
        application: checkPatterns(t.application ? [lit(t.application)] : [], 'application', r)[0] ?? '',
        privileges: checkPatterns(t.privileges?.map((p) => ({ text: p.text, span: p.span })), 'application privilege', r),
        resources: checkPatterns(t.resources?.map(lit), 'application resource', r),
      };
    case 'cloud': {
      const target: DenyTargetIR = { kind: 'cloud', privileges: checkPrivileges('cloud', t.privileges, catalog, r) };
      if (t.deployments) target.deployments = checkPatterns(t.deployments.map(lit), 'deployment', r);
      return target;
    }
  }
}

/** Whether a condition reads a document attribute anywhere. */
function readsDocument(c: Cond): boolean {
  return JSON.stringify(c).includes('"scope":"document"');
}
