/**
 * Role mappings as data, indexed by what the request names (`data.rolec.mappings`), so a
 * request looks up the mappings that can apply to it instead of trying every one.
 *
 * A mapping's condition is lowered to T(when) (semantics/kleene.ts). When T(when) is a
 * conjunction with a *key* conjunct — `"G" in principal.groups` / `principal.groups.contains("G")`,
 * `principal.id == "I"` or `principal.realm == "R"` — the mapping is filed under that key
 * (`by_group["G"]`, `by_id["I"]`, `by_realm["R"]`) and the rest of the conjunction (the
 * residual, identical across most mappings of a set) is a shared condition
 * (`mapping_conditions_true`, policy.rego). The lookup decides the key conjunct exactly:
 * T(A ∧ B) = T(A) ∧ T(B), and the key operands are strings whenever the lookup succeeds.
 * A mapping with no key conjunct stays a `held_roles` rule of its own in policy.rego.
 */
import type { AssignmentIR, PolicySetIR, ValueExpr } from '../../semantics/ir.ts';
import { definitelyTrue, type AtomCond, type GuardedCond } from '../../semantics/kleene.ts';
import { condText } from './describe.ts';
import { ConditionTable } from './shared-conditions.ts';

export interface MappingData {
  /** The mapping's rule id. */
  id: string;
  roles: string[];
  /** Key of the residual condition in `mapping_conditions_true`; absent = none. */
  when?: string;
}

export interface MappingsData {
  by_group: Record<string, MappingData[]>;
  by_id: Record<string, MappingData[]>;
  by_realm: Record<string, MappingData[]>;
}

export interface MappingTables {
  mappings: MappingsData;
  conditions: ConditionTable;
  /** Mappings without a key conjunct: one held_roles rule each in policy.rego. */
  unindexed: AssignmentIR[];
}

type KeyIndex = keyof MappingsData;
const keyProp: Record<KeyIndex, string> = { by_group: 'principal.groups', by_id: 'principal.id', by_realm: 'principal.realm' };

export function mappingTables(ir: PolicySetIR): MappingTables {
  const mappings: MappingsData = { by_group: {}, by_id: {}, by_realm: {} };
  const conditions = new ConditionTable('m', 'mapping_conditions_true');
  const unindexed: AssignmentIR[] = [];
  for (const a of ir.assignments) {
    if (a.holder.kind !== 'mapping') continue;
    const guarded = definitelyTrue(a.holder.when);
    const conjuncts = guarded.kind === 'and' ? guarded.args : [guarded];
    const at = keyConjunct(conjuncts);
    if (at === undefined) {
      unindexed.push(a);
      continue;
    }
    const [index, value] = mappingKey(conjuncts[at]!)!;
    // The lookup also says the key operand is present: its own presence test goes too.
    const rest = conjuncts.filter((c, i) => i !== at && !(c.kind === 'present' && c.operand.kind === 'prop' && c.operand.prop === keyProp[index]));
    const entry: MappingData = { id: a.id, roles: [...new Set(a.roles)].sort() };
    if (rest.length > 0) {
      const residual: GuardedCond = rest.length === 1 ? rest[0]! : { kind: 'and', args: rest };
      entry.when = conditions.add(residual, 'mapping when, less the conjunct the mapping is indexed by', {
        id: a.id,
        where: `${a.id} mapping: roles ${a.roles.join(', ')} when ${condText(a.holder.when)}`,
      });
    }
    (mappings[index][value] ??= []).push(entry);
  }
  return { mappings, conditions, unindexed };
}

/** The conjunct to index on: a group first (the most selective), then the id, then the realm. */
function keyConjunct(conjuncts: readonly GuardedCond[]): number | undefined {
  for (const index of ['by_group', 'by_id', 'by_realm'] as const) {
    const i = conjuncts.findIndex((c) => mappingKey(c)?.[0] === index);
    if (i >= 0) return i;
  }
  return undefined;
}

function mappingKey(c: GuardedCond): [KeyIndex, string] | undefined {
  if (c.kind !== 'atom') return undefined;
  const a: AtomCond = c.atom;
  if (a.kind === 'in' && isProp(a.set, 'principal.groups') && a.elem.kind === 'string') return ['by_group', a.elem.value];
  if (a.kind === 'setop' && a.op === 'contains' && isProp(a.set, 'principal.groups') && a.arg.kind === 'string') return ['by_group', a.arg.value];
  if (a.kind === 'compare' && a.op === '==') {
    for (const [prop, lit] of [
      [a.left, a.right],
      [a.right, a.left],
    ] as const) {
      if (lit.kind !== 'string') continue;
      if (isProp(prop, 'principal.id')) return ['by_id', lit.value];
      if (isProp(prop, 'principal.realm')) return ['by_realm', lit.value];
    }
  }
  return undefined;
}

function isProp(e: ValueExpr, prop: string): boolean {
  return e.kind === 'prop' && e.prop === prop;
}
