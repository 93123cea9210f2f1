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

export type BuildResult =
  | { ok: true; files: Record<string, string | Uint8Array> }
  | { ok: false; problems: BuildProblem[] };

export async function assemblePolicySet(ir: PolicySetIR, targets: readonly Target[], compilerVersion: string): Promise<BuildResult> {
  const files: Record<string, string | Uint8Array> = {};
  const entrypoints: Record<string, string[]> = {};
  const problems: BuildProblem[] = [];
  for (const target of targets) {
    const result = await target.build(ir);
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    Object.assign(files, result.output.files);
    entrypoints[target.name] = result.output.entrypoints;
  }
  if (problems.length > 0) return { ok: false, problems };
  files['request.schema.json'] = stableJson(requestSchema(ir));
  files['manifest.json'] = stableJson(buildManifest(ir, compilerVersion, files, entrypoints));
  return { ok: true, files };
}
