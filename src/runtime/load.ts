/**
 * Bundle files → a validated Authorizer on one engine. Shared by `rolec/runtime`
 * (cedar-wasm's web build, asynchronous module compilation) and `rolec/runtime/node`
 * (cedar-wasm's Node build).
 */
import type { CedarApi } from '../backends/cedar/wasm-api.ts';
import { CedarEngine } from '../engines/cedar.ts';
import { RegoEngine } from '../engines/rego.ts';
import type { Engine } from '../engines/decision.ts';
import { authorizer, type Authorizer } from './authorizer.ts';
import type { RequestLimits } from '../request/snapshot.ts';
import { checkBundleIntegrity, type IntegrityOptions } from './integrity.ts';
import { BundleFormatError, bundleFiles, isOpaBundle, subdirectory, type BundleInput } from './bundle-input.ts';

export type EngineName = 'cedar' | 'rego';

export async function loadEngine(
  bundle: BundleInput,
  options: { engine: EngineName; requestSchema?: object; limits?: Partial<RequestLimits> } & IntegrityOptions,
  cedar: () => CedarApi | Promise<CedarApi>,
  compile: 'sync' | 'async',
  where = 'bundle',
): Promise<Authorizer> {
  if (options.engine !== 'cedar' && options.engine !== 'rego') {
    throw new TypeError(`unknown engine ${JSON.stringify(options.engine)} (expected "cedar" or "rego")`);
  }
  const files = bundleFiles(bundle);
  // Fail closed: nothing reaches an engine unless it matches its manifest (and signature).
  await checkBundleIntegrity(files, options.engine, options);
  const opa = isOpaBundle(files);
  const schema = options.requestSchema ?? (opa ? undefined : requestSchemaOf(files, where));
  if (!schema) throw new BundleFormatError(`${where}: an OPA bundle carries no request schema; pass options.requestSchema`);
  let engine: Engine;
  if (options.engine === 'cedar') {
    if (opa) throw new BundleFormatError(`${where}: an OPA bundle has no Cedar files; pass the policy set's files`);
    engine = CedarEngine.fromFiles(subdirectory(files, 'cedar'), await cedar(), `${where}/cedar`);
  } else {
    const rego = opa ? files : subdirectory(files, 'rego');
    engine = compile === 'sync' ? RegoEngine.fromBundleFiles(rego, `${where}/rego`) : await RegoEngine.loadBundleFiles(rego, `${where}/rego`);
  }
  return authorizer(engine, schema, options.limits);
}

function requestSchemaOf(files: ReadonlyMap<string, Uint8Array>, where: string): object {
  const bytes = files.get('request.schema.json');
  if (!bytes) throw new BundleFormatError(`${where}: cannot read request.schema.json (not in the bundle)`);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as object;
  } catch (err) {
    throw new BundleFormatError(`${where}: request.schema.json is not valid JSON: ${(err as Error).message}`);
  }
}
