/**
 * A policy set's output in memory: every target's files, `request.schema.json` and
 * `manifest.json`. Nothing at all when any target fails, and the same IR always gives the
 * same bytes. No file system (./index.ts writes builds in Node).
 */
import type { PolicySetIR } from '../semantics/ir.ts';
import { requestSchema } from '../request/schema.ts';
import { stableJson } from '../backends/json.ts';
import { buildManifest } from './manifest.ts';
import type { BuildProblem, Target } from '../backends/target.ts';
import { appendAll } from '../support/arrays.ts';

export type BuildResult =
  | { ok: true; files: Record<string, string | Uint8Array> }
  | { ok: false; problems: BuildProblem[] };

/** Steps around the manifest (signing, in Node): the files may be changed before it is written, and added to after. */
export interface AssembleHooks {
  beforeManifest?(files: Record<string, string | Uint8Array>): Promise<void>;
  afterManifest?(files: Record<string, string | Uint8Array>): Promise<void>;
}

export async function assemblePolicySet(ir: PolicySetIR, targets: readonly Target[], compilerVersion: string, hooks: AssembleHooks = {}): Promise<BuildResult> {
  const files: Record<string, string | Uint8Array> = {};
  const entrypoints: Record<string, string[]> = {};
  const problems: BuildProblem[] = [];
  for (const target of targets) {
    const result = await target.build(ir);
    if (!result.ok) {
      appendAll(problems, result.problems);
      continue;
    }
    Object.assign(files, result.output.files);
    entrypoints[target.name] = result.output.entrypoints;
  }
  if (problems.length > 0) return { ok: false, problems };
  await hooks.beforeManifest?.(files);
  files['request.schema.json'] = stableJson(requestSchema(ir));
  files['manifest.json'] = stableJson(buildManifest(ir, compilerVersion, files, entrypoints));
  await hooks.afterManifest?.(files);
  return { ok: true, files };
}

/** The targets of `from` named in `names` (all of them when none), or the unknown names. */
export function selectTargets(names: readonly string[] | undefined, from: readonly Target[]): { targets: Target[]; unknown: string[] } {
  if (!names || names.length === 0) return { targets: [...from], unknown: [] };
  const unknown = names.filter((n) => !from.some((t) => t.name === n));
  return { targets: from.filter((t) => names.includes(t.name)), unknown };
}
