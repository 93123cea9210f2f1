/**
 * How principals come to hold roles: static assignments (`user`/`api_key`/`group`),
 * mappings, and Elastic Cloud assignments (`assign … on …`).
 */
import type { Span } from '../diagnostics/types.ts';
import type { AssignmentIR, CloudAssignmentIR, CloudRoleName, CloudScopeIR, RoleHolderIR } from './ir.ts';
import type { CloudAssignDecl, MappingDecl, Name, RoleAssignmentDecl } from '../syntax/ast.ts';
import type { Catalog } from './catalog/index.ts';
import type { SchemaLookup } from './schema.ts';
import { checkCond } from './conditions.ts';
import { checkPattern } from './patterns.ts';
import { checkRoleRef, ruleId } from './roles.ts';
import { didYouMean, where, type LocOf, type Reporter } from './report.ts';

export interface PrincipalEnv {
  catalog: Catalog;
  schema: SchemaLookup;
  locOf: LocOf;
  r: Reporter;
  known: ReadonlySet<string>;
}

function roleList(names: readonly Name[] | undefined, env: PrincipalEnv): string[] {
  const out: string[] = [];
  for (const n of names ?? []) {
    if (!checkRoleRef(n, env.known, env.r)) continue;
    if (out.includes(n.text)) env.r.warn('W0202', n.span, `role \`${n.text}\` is listed twice`);
    else out.push(n.text);
  }
  // Exact length: the IR lives through the whole build, a grown array keeps 16+ spare slots.
  return out.slice();
}

export function lowerAssignment(d: RoleAssignmentDecl, env: PrincipalEnv): AssignmentIR {
  const loc = env.locOf(d.span);
  const name = d.id?.value ?? '';
  const id = ruleId(loc, `${d.holder}:${name}`);
  const holder: RoleHolderIR =
    d.holder === 'group'
      ? { kind: 'group', id, group: name }
      : { kind: 'principal', id, principalType: d.holder, principalId: name };
  return { id, loc, holder, roles: roleList(d.roles, env) };
}

export function lowerMapping(d: MappingDecl, env: PrincipalEnv, firstSeen: Map<string, Span>): AssignmentIR {
  const first = firstSeen.get(d.name.text);
  if (first) env.r.error('E0203', d.name.span, `mapping \`${d.name.text}\` is already defined at ${where(first)}`);
  else firstSeen.set(d.name.text, d.name.span);
  const loc = env.locOf(d.name.span);
  const id = ruleId(loc, d.name.text);
  const when = d.when
    ? checkCond(d.when, { schema: env.schema, documents: false, place: 'a mapping `when`', r: env.r })
    : { kind: 'const' as const, value: true };
  return { id, loc, holder: { kind: 'mapping', id, when: when ?? { kind: 'const', value: false } }, roles: roleList(d.roles, env) };
}

const SCOPE_TEXT: Record<CloudScopeIR['kind'], string> = {
  organization: 'organization',
  all_deployments: 'all deployments',
  deployments: 'named deployments',
};

export function lowerCloudAssignment(d: CloudAssignDecl, env: PrincipalEnv): CloudAssignmentIR | undefined {
  const { r, catalog } = env;
  const loc = env.locOf(d.span);
  const principalId = d.id?.value ?? '';
  const id = ruleId(loc, `assign:${d.principalType}:${principalId}`);
  if (!d.role) return undefined; // syntax error already reported
  const roleName = d.role.text;
  const role = catalog.cloudRoles.find((c) => c.name === roleName);
  if (!role) {
    if (roleName.startsWith('cloud.'))
      r.error('E0601', d.role.span, `unknown cloud role \`${roleName}\`${didYouMean(roleName, catalog.cloudRoles.map((c) => c.name))}`);
    else
      r.error('E0603', d.role.span, `\`${roleName}\` is not a cloud role; \`assign\` takes one of ${catalog.cloudRoles.map((c) => c.name).join(', ')}`);
    return undefined;
  }
  if (!d.scope) return undefined;
  if (!role.allowedScopes.includes(d.scope.kind)) {
    r.error(
      'E0602',
      d.scope.span,
      `${roleName} cannot be assigned on ${SCOPE_TEXT[d.scope.kind]}; allowed: ${role.allowedScopes.map((s) => SCOPE_TEXT[s]).join(', ')}`,
    );
    return undefined;
  }
  let scope: CloudScopeIR;
  if (d.scope.kind === 'deployments') {
    const names: string[] = [];
    for (const n of d.scope.names ?? []) {
      if (n.value === '') {
        checkPattern({ text: n.value, span: n.span }, 'deployment', r);
        continue;
      }
      if (names.includes(n.value)) r.warn('W0202', n.span, `deployment ${JSON.stringify(n.value)} is listed twice`);
      else names.push(n.value);
    }
    scope = { kind: 'deployments', names };
  } else scope = { kind: d.scope.kind };
  return { id, loc, principalType: d.principalType, principalId, role: role.name as CloudRoleName, scope };
}
