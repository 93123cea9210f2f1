/**
 * Focus points for the generator: one per user-written rule (permission, deny, static
 * assignment, cloud assignment). Purely random requests rarely satisfy a rule's whole
 * conjunction (right type, matching name, an implied privilege, a holder of the role,
 * attribute values that meet the condition); a focus narrows the pools toward one rule
 * so that its edges get exercised — the values still range over matches and near misses.
 */
import type { PolicySetIR, PrivilegeIR } from '../../semantics/ir.ts';
import type { ResourceType } from '../../request/types.ts';
import { matchingNames, namesAround, unique } from './names.ts';
import { includeClosure } from '../coverage.ts';

export interface Focus {
  /** The rule this focus is about (for debugging). */
  rule: string;
  types: ResourceType[];
  /** Narrowed pools; absent = the generator's general pool. */
  indexNames?: string[];
  fieldNames?: string[];
  runAsUsers?: string[];
  applications?: string[];
  appPrivileges?: string[];
  appResources?: string[];
  deployments?: string[];
  /** Actions to request (filtered per resource type to those it takes). */
  actions?: string[];
  /** A role the request's principal carries. */
  role?: string;
  principal?: { type: 'user' | 'api_key'; id: string };
  group?: string;
  /** The principal carries no request roles (so that only its holders can explain a role). */
  noRequestRoles?: boolean;
}

const INDEX_TYPES: ResourceType[] = ['index', 'document', 'document', 'field'];

export function focusPoints(ir: PolicySetIR): Focus[] {
  const out: Focus[] = [];
  const closure = includeClosure(ir);
  // Names that match come first and three times over (constantFrom picks uniformly over
  // entries): a focus should mostly hit its rule, and sometimes just miss it.
  const names = (ps: string[]) => {
    const all = unique(ps.flatMap(namesAround)).filter((n) => n !== '');
    const hits = unique(ps.flatMap(matchingNames)).filter((n) => n !== '');
    return [...hits, ...hits, ...all];
  };
  const implied = (family: PrivilegeIR[], listed: string[]) => unique(family.filter((p) => listed.includes(p.name)).flatMap((p) => p.implies));
  for (const role of ir.roles) {
    if (role.builtin) continue;
    for (const p of role.permissions) {
      const base = { rule: p.id, role: role.name };
      if (p.kind === 'index') {
        out.push({
          ...base,
          types: INDEX_TYPES,
          indexNames: names(p.names.patterns),
          actions: implied(ir.catalog.index, p.privileges),
          ...(p.fields ? { fieldNames: names([...p.fields.grant, ...p.fields.except]) } : {}),
        });
      } else if (p.kind === 'cluster') out.push({ ...base, types: ['cluster'], actions: implied(ir.catalog.cluster, p.privileges) });
      else if (p.kind === 'run_as') out.push({ ...base, types: ['user'], runAsUsers: names(p.users) });
      else out.push({ ...base, types: ['application'], applications: names([p.application]), appPrivileges: names(p.privileges), appResources: names(p.resources) });
    }
  }
  for (const d of ir.denies) {
    const base = { rule: d.id, ...(d.forRole ? { role: d.forRole } : {}), ...(d.forUser ? { principal: { type: 'user' as const, id: d.forUser } } : {}) };
    const t = d.target;
    if (t.kind === 'index') out.push({ ...base, types: INDEX_TYPES, indexNames: names(t.names.patterns), actions: d.overlapping ?? t.privileges });
    else if (t.kind === 'cluster') out.push({ ...base, types: ['cluster'], actions: d.overlapping ?? t.privileges });
    else if (t.kind === 'run_as') out.push({ ...base, types: ['user'], runAsUsers: names(t.users) });
    else if (t.kind === 'application') out.push({ ...base, types: ['application'], applications: names([t.application]), appPrivileges: names(t.privileges), appResources: names(t.resources) });
    else out.push({ ...base, types: ['organization', 'deployment'], actions: d.overlapping ?? t.privileges, ...(t.deployments ? { deployments: names(t.deployments) } : {}) });
  }
  for (const a of ir.assignments) {
    const h = a.holder;
    const types: ResourceType[] = ['index', 'document', 'cluster', 'application'];
    if (h.kind === 'principal') out.push({ rule: a.id, types, principal: { type: h.principalType, id: h.principalId } });
    else if (h.kind === 'group') out.push({ rule: a.id, types, group: h.group });
    else {
      // A mapping: aim at what its roles grant, with no request roles to muddy who activated them.
      const perms = [...new Set(a.roles.flatMap((r) => [...(closure.get(r) ?? [])]))].flatMap((r) => ir.roles.find((x) => x.name === r)?.permissions ?? []);
      const idx = perms.flatMap((p) => (p.kind === 'index' ? [p] : []));
      const cluster = perms.flatMap((p) => (p.kind === 'cluster' ? p.privileges : []));
      out.push({
        rule: a.id,
        types: [...(idx.length ? INDEX_TYPES : []), ...(cluster.length ? (['cluster'] as ResourceType[]) : [])].concat(idx.length || cluster.length ? [] : types),
        noRequestRoles: true,
        ...(idx.length ? { indexNames: names(idx.flatMap((p) => p.names.patterns)) } : {}),
        actions: [...implied(ir.catalog.index, idx.flatMap((p) => p.privileges)), ...implied(ir.catalog.cluster, cluster)],
      });
    }
  }
  for (const c of ir.cloudAssignments) {
    const role = ir.cloudRoles.find((r) => r.name === c.role);
    const privileges = role ? [...role.organizationPrivileges, ...role.organizationPrivilegesWhenAllDeployments, ...role.deploymentPrivileges] : [];
    out.push({
      rule: c.id,
      ...(privileges.length ? { actions: implied(ir.catalog.cloud, privileges) } : {}),
      types: ['organization', 'deployment', 'index', 'cluster'],
      principal: { type: c.principalType, id: c.principalId },
      ...(c.scope.kind === 'deployments' ? { deployments: names(c.scope.names) } : {}),
    });
  }
  return out;
}
