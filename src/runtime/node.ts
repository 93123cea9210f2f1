/**
 * `rolec/runtime/node` — the runtime for Node: everything `rolec/runtime` has, on
 * cedar-wasm's Node build (no initialisation step), plus {@link loadAuthorizer}, which
 * reads a built policy-set directory from disk.
 *
 *   const authz = await loadAuthorizer('dist/observability', { engine: 'cedar' });
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { nodeCedar } from '../backends/cedar/wasm-node.ts';
import { loadEngine, type EngineName } from './load.ts';
import type { Authorizer } from './authorizer.ts';
import type { BundleInput } from './bundle-input.ts';
import type { RequestLimits } from '../request/snapshot.ts';
import type { IntegrityOptions } from './integrity.ts';

export * from './index.ts';
export { watchBundle, type BundleWatch, type WatchOptions } from './watch-node.ts';

export interface NodeAuthorizerOptions extends IntegrityOptions {
  engine: EngineName;
  requestSchema?: object;
  limits?: Partial<RequestLimits>;
}

/** {@link import('./index.ts').createAuthorizer} on cedar-wasm's Node build. */
export async function createAuthorizer(bundle: BundleInput, options: NodeAuthorizerOptions): Promise<Authorizer> {
  return loadEngine(bundle, options, () => nodeCedar, 'sync');
}

/** Reads `DIR` (the output of `rolec build` for one policy set) and loads it on one engine. */
export async function loadAuthorizer(bundleDir: string, options: NodeAuthorizerOptions): Promise<Authorizer> {
  let files: Map<string, Uint8Array>;
  try {
    files = await readTree(bundleDir);
  } catch (err) {
    throw new Error(`cannot read the bundle directory ${bundleDir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return loadEngine(files, options, () => nodeCedar, 'sync', bundleDir);
}

/** Every regular file under `root` as relative path → bytes (symlinks and other entries skipped). */
export async function readTree(root: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.set(relative(root, full).split(sep).join('/'), new Uint8Array(await readFile(full)));
  }
  return files;
}
