/** `assert` declarations: names, the target (as a deny's), roles, the `when` condition. */
import type { Span } from '../diagnostics/types.ts';
import type { AssertIR } from './ir.ts';
import type { AssertDecl } from '../syntax/ast-assert.ts';
import { checkCond } from './conditions.ts';
import { lowerTarget, type DenyEnv } from './denies.ts';
import { checkRoleRef, ruleId } from './roles.ts';
import { where } from './report.ts';

export function lowerAssert(d: AssertDecl, env: DenyEnv, firstSeen: Map<string, Span>): AssertIR | undefined {
  const { r } = env;
  const first = firstSeen.get(d.name.text);
  if (first) r.error('E0801', d.name.span, `assert ${JSON.stringify(d.name.text)} is already defined at ${where(first)}`);
  else firstSeen.set(d.name.text, d.name.span);
  const loc = env.locOf(d.name.span);
  const exempt = d.exempt.filter((x) => checkRoleRef(x, env.known, r)).map((x) => x.text);
  if (d.exempt.length && d.quantifier?.kind === 'always')
    r.error('E0802', d.exempt[0]!.span, '`unless role` exempts principals from a `never` assert; an `always` assert narrows with `for role` or `when`');
  const forRole = d.forRole && checkRoleRef(d.forRole, env.known, r) ? d.forRole.text : undefined;
  const when = d.when ? checkCond(d.when, { schema: env.schema, documents: true, place: 'an assert condition', r }) : undefined;
  if (!d.quantifier || !d.target) return undefined;
  const target = lowerTarget(d.target, env);
  return {
    name: d.name.text,
    id: ruleId(loc, `assert:${d.name.text}`),
    loc,
    quantifier: d.quantifier.kind,
    target,
    ...(forRole !== undefined ? { forRole } : {}),
    ...(d.forUser ? { forUser: d.forUser.value } : {}),
    exempt,
    ...(when ? { when } : {}),
  };
}
