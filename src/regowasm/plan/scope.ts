/** Variable scopes of the body planner, and the locals holding input and data. */
import type { Local } from './ir.ts';

export const INPUT: Local = 0;
export const DATA: Local = 1;

export class Scope {
  private readonly vars = new Map<string, Local>();
  /** Values already computed on the path to the insertion point (`local.key` lookups,
   *  IsDefined checks, memoised document calls), reused instead of recomputed. Valid for
   *  this scope and its children: everything planned in a scope runs after what was
   *  planned before it in that scope (later statements sit in the same or deeper blocks). */
  private readonly known = new Map<string, Local>();
  constructor(readonly parent?: Scope) {}

  recall(key: string): Local | undefined {
    return this.known.get(key) ?? this.parent?.recall(key);
  }

  remember(key: string, l: Local): void {
    this.known.set(key, l);
  }

  get(name: string): Local | undefined {
    return this.vars.get(name) ?? this.parent?.get(name);
  }

  set(name: string, l: Local): void {
    this.vars.set(name, l);
  }

  names(out: Set<string> = new Set()): Set<string> {
    this.parent?.names(out);
    for (const k of this.vars.keys()) out.add(k);
    return out;
  }
}
