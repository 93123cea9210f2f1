/**
 * What `rolec verify` checks: the policy set's IR and a built bundle's files — built in
 * memory exactly as `rolec build` builds them, or read from a directory `rolec build`
 * wrote (`--bundle DIR`) — with both real engines loaded from those same files, so the
 * encodings and the replay see one artefact.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { PolicySetIR } from '../semantics/ir.ts';
import { loadPolicySet, PolicyPathError } from '../semantics/index.ts';
import { buildPolicySet } from '../bundle/index.ts';
import { selectTargets } from '../bundle/targets.ts';
import { CedarEngine } from '../engines/cedar.ts';
import { RegoEngine } from '../engines/rego.ts';
import { nodeCedar } from '../backends/cedar/wasm-node.ts';
import { requestSchema } from '../request/schema.ts';
import { requestValidator } from '../request/validate.ts';
import type { PolicySetUnderTest } from '../harness/run.ts';
import type { TargetFiles } from './target.ts';

export interface VerifiedSet {
  set: PolicySetUnderTest;
  /** Target directory name (`cedar`, `rego`) → its files. */
  targets: Map<string, TargetFiles>;
  /** Where the bundle came from: `built in memory` or the directory. */
  bundle: string;
}

export type Prepared = { ok: true; value: VerifiedSet } | { ok: false; usage: boolean; messages: string[] };

import { ENGINE_TARGETS } from './verify-targets.ts';

/** Every file under `dir`, by path relative to it ('/'-separated). */
export function readBundleDir(dir: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const full = join(dir, rel);
    if (statSync(full).isFile()) out.set(relative(dir, full).split(sep).join('/'), new Uint8Array(readFileSync(full)));
  }
  return out;
}

/** The files of each target directory of a bundle. */
export function targetFiles(files: ReadonlyMap<string, Uint8Array>): Map<string, TargetFiles> {
  const out = new Map<string, Map<string, Uint8Array>>();
  for (const [path, bytes] of files) {
    const [top, ...rest] = path.split('/');
    if (!top || rest.length === 0) continue;
    if (!out.has(top)) out.set(top, new Map());
    out.get(top)!.set(rest.join('/'), bytes);
  }
  return out;
}

/** Both engines loaded from a bundle's target files. */
export function setFromFiles(paths: string[], ir: PolicySetIR, targets: ReadonlyMap<string, TargetFiles>, where: string): PolicySetUnderTest {
  const cedar = targets.get('cedar');
  const rego = targets.get('rego');
  if (!cedar || !rego) throw new Error(`${where} lacks the ${!cedar ? 'cedar' : 'rego'} target (build it with --target cedar,rego)`);
  const wasm = rego.get('policy.wasm');
  const data = rego.get('data.json');
  if (!wasm || !data) throw new Error(`${where}/rego lacks policy.wasm or data.json`);
  return {
    paths,
    ir,
    cedar: CedarEngine.fromFiles(cedar, nodeCedar, `${where}/cedar`),
    rego: new RegoEngine(wasm, JSON.parse(new TextDecoder().decode(data)) as unknown),
    checkRequest: requestValidator(requestSchema(ir)),
  };
}

export async function prepareVerifiedSet(paths: string[], opts: { bundle?: string } = {}): Promise<Prepared> {
  let loaded;
  try {
    loaded = await loadPolicySet(paths);
  } catch (err) {
    if (err instanceof PolicyPathError) return { ok: false, usage: true, messages: [err.message] };
    throw err;
  }
  if (!loaded.ir) {
    const errs = loaded.diagnostics.filter((d) => d.severity === 'error');
    return { ok: false, usage: true, messages: errs.map((d) => `${d.span.file}:${d.span.start.line}:${d.span.start.col}: ${d.code}: ${d.message}`) };
  }
  const ir = loaded.ir;
  let files: Map<string, Uint8Array>;
  let where: string;
  if (opts.bundle) {
    where = opts.bundle;
    try {
      files = readBundleDir(opts.bundle);
    } catch (err) {
      return { ok: false, usage: true, messages: [`cannot read the bundle ${opts.bundle}: ${(err as Error).message}`] };
    }
  } else {
    where = 'built in memory';
    const built = await buildPolicySet(ir, selectTargets(ENGINE_TARGETS).targets);
    if (!built.ok) return { ok: false, usage: true, messages: built.problems.map((p) => JSON.stringify(p)) };
    const enc = new TextEncoder();
    files = new Map(Object.entries(built.files).map(([k, x]) => [k, typeof x === 'string' ? enc.encode(x) : x]));
  }
  const targets = targetFiles(files);
  try {
    return { ok: true, value: { set: setFromFiles(paths, ir, targets, where), targets, bundle: where } };
  } catch (err) {
    return { ok: false, usage: true, messages: [(err as Error).message] };
  }
}
