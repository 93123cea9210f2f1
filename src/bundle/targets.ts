/**
 * The registered compilation targets, in build order. A backend plugs in with one line
 * (its `Target`); `rolec build --target` and `rolec eval --engine` list these names.
 */
import { cedarTarget } from '../backends/cedar/target.ts';
import { regoTarget } from '../backends/rego/target.ts';
import { elasticsearchTarget } from '../backends/elasticsearch/target.ts';
import type { Target } from '../backends/target.ts';

export const TARGETS: readonly Target[] = [cedarTarget, regoTarget, elasticsearchTarget];

export function targetNames(): string[] {
  return TARGETS.map((t) => t.name);
}

/** The targets named (all when none), or the unknown names. */
export function selectTargets(names: readonly string[] | undefined): { targets: Target[]; unknown: string[] } {
  if (!names || names.length === 0) return { targets: [...TARGETS], unknown: [] };
  const unknown = names.filter((n) => !TARGETS.some((t) => t.name === n));
  return { targets: TARGETS.filter((t) => names.includes(t.name)), unknown };
}
