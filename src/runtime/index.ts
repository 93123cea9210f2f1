/**
 * `rolec/runtime` — the embedding API, environment-neutral (Node, browsers, Workers): no
 * `node:*` import, no file system. Hand it a built policy set's files as bytes, get an
 * {@link Authorizer}:
 *
 *   const authz = await createAuthorizer(files, { engine: 'rego' });   // or 'cedar'
 *   authz.decide(request);   // { decision, reasons, deniedBy }; errors throw, never deny
 *
 * `files` is a Map or record of path → bytes in the layout `rolec build` writes, or that
 * directory as `.tar.gz` bytes (see bundle-input.ts). Cedar runs on cedar-wasm's web build,
 * initialised once per page/worker from `options.cedarWasm` (bytes, a Module, a URL or a
 * Response) or, by default, from the `.wasm` file beside the build's JavaScript (what
 * bundlers such as Vite serve). In Node, `rolec/runtime/node` uses cedar-wasm's Node build.
 */
import type { CedarApi } from '../backends/cedar/wasm-api.ts';
import { loadEngine, type EngineName } from './load.ts';
import type { BundleInput } from './bundle-input.ts';
import type { Authorizer } from './authorizer.ts';
import type { RequestLimits } from '../request/snapshot.ts';
import type { IntegrityOptions } from './integrity.ts';

export { authorizer, EngineFailure, InvalidRequestError, type Authorizer } from './authorizer.ts';
export { BundleFormatError, type BundleFiles, type BundleInput } from './bundle-input.ts';
export { BundleIntegrityError, type IntegrityOptions } from './integrity.ts';
export type { VerificationKey } from '../bundle/signature.ts';
export type { Decision } from '../engines/decision.ts';
export type { Request } from '../request/types.ts';
export type { RequestIssue } from '../request/validate.ts';
export type { EngineName } from './load.ts';
export { DEFAULT_REQUEST_LIMITS, type RequestLimits } from '../request/snapshot.ts';

export interface CreateAuthorizerOptions extends IntegrityOptions {
  engine: EngineName;
  /** Where cedar-wasm's web build gets its module (default: beside its JavaScript). */
  cedarWasm?: BufferSource | WebAssembly.Module | URL | string | Response;
  /** The request schema, when the bundle is Rego's own OPA bundle (which lacks it). */
  requestSchema?: object;
  /** Request limits (bytes, array length, depth); defaults in DEFAULT_REQUEST_LIMITS. */
  limits?: Partial<RequestLimits>;
}

let webCedar: Promise<CedarApi> | undefined;

/** cedar-wasm's web build, initialised once. */
async function cedarWeb(source: CreateAuthorizerOptions['cedarWasm']): Promise<CedarApi> {
  webCedar ??= (async () => {
    const mod = await import('@cedar-policy/cedar-wasm/web');
    if (source instanceof WebAssembly.Module || ArrayBuffer.isView(source) || source instanceof ArrayBuffer) {
      mod.initSync({ module: source });
    } else {
      await mod.default(source === undefined ? undefined : { module_or_path: source });
    }
    return mod as unknown as CedarApi;
  })();
  try {
    return await webCedar;
  } catch (err) {
    webCedar = undefined; // let a later call retry with another source
    throw new Error(`cannot initialise cedar-wasm: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function createAuthorizer(bundle: BundleInput, options: CreateAuthorizerOptions): Promise<Authorizer> {
  return loadEngine(bundle, options, () => cedarWeb(options.cedarWasm), 'async');
}
