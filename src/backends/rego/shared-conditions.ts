/**
 * Distinct conditions, shared. A policy set repeats a handful of condition shapes over
 * many roles (`documents where document.department == user.department`, `where
 * context.mfa`, `unless context.mfa`): each distinct guarded condition becomes ONE rule
 * of a partial set in policy.rego (`document_conditions_true contains "d1" if { … }`),
 * and the data refers to it by key. A request therefore evaluates each distinct
 * condition at most once (the set is a memoised document), however many roles, denies
 * or mappings use it, and the data stays a pure lookup table.
 */
import type { GuardedCond } from '../../semantics/kleene.ts';

/** One distinct condition and the DSL constructs (by source) that use it. */
export interface SharedCondition {
  key: string;
  guarded: GuardedCond;
  /** The condition in DSL terms, for the rule's comment. */
  text: string;
  usedBy: { id: string; where: string }[];
}

export class ConditionTable {
  readonly entries: SharedCondition[] = [];
  private readonly byShape = new Map<string, SharedCondition>();

  /** `prefix` names the keys (`d1`, `w1`, …); `setName` is the partial set in policy.rego. */
  constructor(
    readonly prefix: string,
    readonly setName: string,
  ) {}

  /** The key of `guarded` (allocated on first use), recording `user` as one of its users. */
  add(guarded: GuardedCond, text: string, user: { id: string; where: string }): string {
    const shape = JSON.stringify(guarded);
    let entry = this.byShape.get(shape);
    if (!entry) {
      entry = { key: `${this.prefix}${this.entries.length + 1}`, guarded, text, usedBy: [] };
      this.byShape.set(shape, entry);
      this.entries.push(entry);
    }
    entry.usedBy.push(user);
    return entry.key;
  }
}
