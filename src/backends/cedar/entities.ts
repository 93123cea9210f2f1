/**
 * Static Cedar entities (`entities.json`): the role hierarchy, groups and the principals
 * with static role assignments. Only assignments that hold unconditionally are
 * hierarchy; mappings, cloud sign-in and guarded includes are policy conditions
 * (activation.ts). Principals here carry no attributes: the request adapter merges a
 * request's principal with its static entry (attributes from the request, parents from
 * both).
 */
import type { EntityJson } from './wasm-api.ts';
import type { PolicySetIR } from '../../semantics/ir.ts';
import { API_KEY, GROUP, ROLE, USER } from './names.ts';

export function compileEntities(ir: PolicySetIR): EntityJson[] {
  const parents = new Map<string, { type: string; id: string; parents: Set<string> }>();
  const add = (type: string, id: string, roles: string[]) => {
    const key = `${type}\u0000${id}`;
    const e = parents.get(key) ?? { type, id, parents: new Set<string>() };
    for (const r of roles) e.parents.add(r);
    parents.set(key, e);
  };
  for (const role of ir.roles) add(ROLE, role.name, role.where === undefined ? role.includes : []);
  for (const a of ir.assignments) {
    const h = a.holder;
    if (h.kind === 'group') add(GROUP, h.group, a.roles);
    else if (h.kind === 'principal') add(h.principalType === 'user' ? USER : API_KEY, h.principalId, a.roles);
  }
  return [...parents.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]) => ({
      uid: { type: e.type, id: e.id },
      attrs: {},
      parents: [...e.parents].sort().map((id) => ({ type: ROLE, id })),
    }));
}
