/**
 * The two hierarchies a Cedar `in` walks, read from the bundle: the static entities
 * (entities.json: users, api keys and groups with their roles, roles with the roles they
 * are members of) and the action groups of the schema (schema.cedarschema.json
 * `memberOf`: privilege implication). Both are finite, so "X in Y" is answered by
 * enumerating the entities with a path to Y — no quantifier, no recursion in SMT.
 */
import type { EntityRefJson } from './policies.ts';
import { appendAll } from '../../support/arrays.ts';

const key = (t: string, id: string) => `${t}\u0000${id}`;

export class EntityGraph {
  private readonly parents = new Map<string, EntityRefJson[]>();

  constructor(entities: readonly { uid: EntityRefJson; parents: EntityRefJson[] }[]) {
    for (const e of entities) this.parents.set(key(e.uid.type, e.uid.id), e.parents);
  }

  /** The static entity, if entities.json has it. */
  has(uid: EntityRefJson): boolean {
    return this.parents.has(key(uid.type, uid.id));
  }

  parentsOf(uid: EntityRefJson): EntityRefJson[] {
    return this.parents.get(key(uid.type, uid.id)) ?? [];
  }

  /** Whether `from` reaches `to` through parent links of static entities (reflexive). */
  reaches(from: EntityRefJson, to: EntityRefJson): boolean {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const u = stack.pop()!;
      if (u.type === to.type && u.id === to.id) return true;
      const k = key(u.type, u.id);
      if (seen.has(k)) continue;
      seen.add(k);
      appendAll(stack, this.parentsOf(u));
    }
    return false;
  }

  /** Static entities of `type` that reach `to` (reflexive: `to` itself if of that type). */
  reaching(type: string, to: EntityRefJson): string[] {
    const out = new Set<string>();
    for (const k of this.parents.keys()) {
      const [t, id] = k.split('\u0000') as [string, string];
      if (t === type && this.reaches({ type: t, id }, to)) out.add(id);
    }
    if (to.type === type) out.add(to.id);
    return [...out].sort();
  }
}

/** Action → the action groups it is a member of, transitively (schema `memberOf`). */
export function actionAncestors(schemaJson: unknown): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const namespaces = schemaJson as Record<string, { actions?: Record<string, { memberOf?: { id: string; type?: string }[] }> }>;
  const direct = new Map<string, string[]>();
  for (const [ns, body] of Object.entries(namespaces)) {
    if (ns !== '') throw new Error(`schema namespace ${ns}: rolec emits the empty namespace only`);
    for (const [id, a] of Object.entries(body.actions ?? {})) direct.set(id, (a.memberOf ?? []).map((m) => m.id));
  }
  for (const id of direct.keys()) {
    const seen = new Set<string>([id]);
    const stack = [...(direct.get(id) ?? [])];
    while (stack.length) {
      const x = stack.pop()!;
      if (seen.has(x)) continue;
      seen.add(x);
      appendAll(stack, direct.get(x) ?? []);
    }
    out.set(id, seen);
  }
  return out;
}
