/**
 * Static Cedar entities (`entities.json`): the role hierarchy (every include edge), groups
 * and the principals with static role assignments. Mappings, cloud sign-in and the edges
 * of guarded roles are decided per request by the activation policies (activation.ts). Principals here carry no attributes: the request adapter merges a
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
  // The whole include graph; a guarded role's edges hold only when the activation
  // policies open it for a request (activation.ts, adapter.ts).
  for (const role of ir.roles) add(ROLE, role.name, role.includes);
  for (const a of ir.assignments) {
    const h = a.holder;
    if (h.kind === 'group') add(GROUP, h.group, a.roles);
    else if (h.kind === 'principal') add(h.principalType === 'user' ? USER : API_KEY, h.principalId, a.roles);
  }
  // An entity with no parents adds nothing to `in` (Cedar treats an unknown entity as
  // one without ancestors), so it is left out: the file grows with edges, not names.
  return [...parents.entries()]
    .filter(([, e]) => e.parents.size > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]) => ({
      // Keys in sorted order: entities.json is written as is (compile.ts), canonical.
      attrs: {},
      parents: [...e.parents].sort().map((id) => ({ id, type: ROLE })),
      uid: { id: e.id, type: e.type },
    }));
}
