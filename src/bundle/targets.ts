/**
 * The registered compilation targets (Node), in build order. A backend plugs in with one
 * line (its `Target`); `rolec build --target` and `rolec eval --engine` list these names.
 * In a browser, src/compiler.ts assembles the same targets around the web builds.
 */
import { cedarTargetWith } from '../backends/cedar/target.ts';
import { nodeCedar } from '../backends/cedar/wasm-node.ts';
import { regoTargetWith } from '../backends/rego/target.ts';
import { compileRegoToWasm } from '../regowasm/index.ts';
import { elasticsearchTarget } from '../backends/elasticsearch/target.ts';
import type { Target } from '../backends/target.ts';
import { selectTargets as selectFrom } from './build.ts';

export const cedarTarget: Target = cedarTargetWith(nodeCedar);
export const regoTarget: Target = regoTargetWith(compileRegoToWasm);

export const TARGETS: readonly Target[] = [cedarTarget, regoTarget, elasticsearchTarget];

export function targetNames(): string[] {
  return TARGETS.map((t) => t.name);
}

/** The registered targets named (all when none), or the unknown names. */
export function selectTargets(names: readonly string[] | undefined, from: readonly Target[] = TARGETS): { targets: Target[]; unknown: string[] } {
  return selectFrom(names, from);
}
