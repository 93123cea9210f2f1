/**
 * RegoEngine: answers requests by running the bundle's policy.wasm in
 * @open-policy-agent/opa-wasm (the OPA project's SDK), entrypoint rolec/authz/decision.
 * The policy is loaded and its data set once; each request is adapted to `input` and
 * evaluated. Anything unexpected — an SDK exception, an undefined or malformed result —
 * is an engine error, never a deny.
 */
import * as opaSdk from '@open-policy-agent/opa-wasm';
import { toRegoInput } from '../backends/rego/adapter.ts';
import { ENTRYPOINT } from '../backends/rego/core.ts';
import type { Request } from '../request/types.ts';
import type { Decision, Engine, EngineAnswer } from './decision.ts';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

interface LoadedPolicy {
  evaluate(input: unknown, entrypoint?: string | number): unknown;
  setData(data: unknown): void;
}
interface OpaWasm {
  loadPolicySync(wasm: BufferSource | WebAssembly.Module): LoadedPolicy;
  loadPolicy(wasm: BufferSource | WebAssembly.Module): Promise<LoadedPolicy>;
}

/**
 * Compiled modules by the sha-256 of their bytes. Compiling is the costly part of a load
 * and every compile takes fresh executable code space; loading the same policy.wasm again
 * (a reload, many authorizers) now reuses the module and only instantiates it — each
 * authorizer still gets its own instance and memory, dropped with it. Bounded: the
 * least recently used of more than {@link MODULE_CACHE_SIZE} distinct modules is let go.
 */
const modules = new Map<string, WebAssembly.Module>();
const MODULE_CACHE_SIZE = 8;

function cachedModule(wasm: Uint8Array, compile: (bytes: Uint8Array) => WebAssembly.Module): WebAssembly.Module {
  const key = bytesToHex(sha256(wasm));
  let mod = modules.get(key);
  if (mod) modules.delete(key);
  else mod = compile(wasm);
  modules.set(key, mod); // most recently used last
  if (modules.size > MODULE_CACHE_SIZE) modules.delete(modules.keys().next().value!);
  return mod;
}

async function cachedModuleAsync(wasm: Uint8Array): Promise<WebAssembly.Module> {
  const key = bytesToHex(sha256(wasm));
  const compiled = modules.get(key) ?? (await WebAssembly.compile(wasm as Uint8Array<ArrayBuffer>));
  return cachedModule(wasm, () => compiled);
}

// The SDK's ESM entry re-exports its CommonJS module as the default export; its typings
// do not declare loadPolicySync, which it has.
const opa = ((opaSdk as { default?: unknown }).default ?? opaSdk) as OpaWasm;

export class RegoEngine implements Engine {
  readonly name = 'rego' as const;
  private readonly policy: LoadedPolicy;

  /** `wasm`: the bundle's policy.wasm; `data`: its data.json (parsed). Compiles synchronously
   *  (Node, Workers); a browser's main thread refuses that for modules over 4 KB: use {@link load}. */
  constructor(wasm: Uint8Array | LoadedPolicy, data: unknown) {
    this.policy = wasm instanceof Uint8Array ? opa.loadPolicySync(cachedModule(wasm, (b) => new WebAssembly.Module(b as Uint8Array<ArrayBuffer>))) : wasm;
    this.policy.setData(data);
  }

  /** Like the constructor, compiling the module asynchronously (works on any thread). */
  static async load(wasm: Uint8Array, data: unknown): Promise<RegoEngine> {
    return new RegoEngine(await opa.loadPolicy(await cachedModuleAsync(wasm)), data);
  }

  /** From a bundle's files in memory (bundle-relative paths, as the Rego backend builds them). */
  static fromBundleFiles(files: ReadonlyMap<string, Uint8Array>, where = 'Rego bundle'): RegoEngine {
    const { wasm, data } = bundleParts(files, where);
    try {
      return new RegoEngine(wasm, data);
    } catch (err) {
      throw new Error(`${where}: policy.wasm does not load in opa-wasm: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** {@link fromBundleFiles}, compiling the module asynchronously (browsers' main thread). */
  static async loadBundleFiles(files: ReadonlyMap<string, Uint8Array>, where = 'Rego bundle'): Promise<RegoEngine> {
    const { wasm, data } = bundleParts(files, where);
    try {
      return await RegoEngine.load(wasm, data);
    } catch (err) {
      throw new Error(`${where}: policy.wasm does not load in opa-wasm: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  evaluate(request: Request): EngineAnswer {
    return this.evaluateAll([request])[0]!;
  }

  /**
   * `evaluate` on each request, in three passes: every input adapted, then every
   * opa-wasm evaluation back to back, then every result read. Like the Cedar engine's
   * phases (CedarEngine.evaluateAll): JavaScript run between two calls of a large
   * WebAssembly module evicts the module's code and data from the processor's caches.
   * Each request's answer is the one `evaluate` gives it alone; a throw fails only its own.
   */
  evaluateAll(requests: readonly Request[]): EngineAnswer[] {
    const n = requests.length;
    const answers: (EngineAnswer | undefined)[] = new Array(n);
    const fail = (i: number, err: unknown): void => {
      answers[i] = { ok: false, error: { engine: 'rego', message: `opa-wasm: ${err instanceof Error ? err.message : String(err)}` } };
    };
    const inputs: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) {
      try {
        inputs[i] = toRegoInput(requests[i]!);
      } catch (err) {
        fail(i, err);
      }
    }
    const results: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) {
      if (answers[i]) continue;
      try {
        results[i] = this.policy.evaluate(inputs[i], ENTRYPOINT);
      } catch (err) {
        fail(i, err);
      }
    }
    for (let i = 0; i < n; i++) answers[i] ??= readDecision(results[i]);
    return answers as EngineAnswer[];
  }
}

function bundleParts(files: ReadonlyMap<string, Uint8Array>, where: string): { wasm: Uint8Array; data: unknown } {
  const wasm = files.get('policy.wasm');
  const data = files.get('data.json');
  if (!wasm) throw new Error(`${where}: cannot read policy.wasm (not in the bundle)`);
  if (!data) throw new Error(`${where}: cannot read data.json (not in the bundle)`);
  try {
    return { wasm, data: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data)) as unknown };
  } catch (err) {
    throw new Error(`${where}: data.json is not valid JSON: ${(err as Error).message}`);
  }
}

/** Checks the result set's shape: [{"result": {"allow", "reasons", "denied_by"}}]. */
export function readDecision(resultSet: unknown): EngineAnswer {
  const fail = (message: string): EngineAnswer => ({ ok: false, error: { engine: 'rego', message } });
  if (!Array.isArray(resultSet)) return fail(`unexpected result set ${JSON.stringify(resultSet)}`);
  if (resultSet.length === 0) return fail('rolec/authz/decision is undefined for this input');
  if (resultSet.length !== 1) return fail(`expected one result, got ${resultSet.length}`);
  const r = (resultSet[0] as { result?: unknown } | null)?.result as Record<string, unknown> | undefined;
  if (!r || typeof r !== 'object') return fail(`unexpected result ${JSON.stringify(resultSet[0])}`);
  const { allow, reasons, denied_by: deniedBy } = r;
  if (typeof allow !== 'boolean' || !isStringArray(reasons) || !isStringArray(deniedBy)) {
    return fail(`malformed decision ${JSON.stringify(r)}`);
  }
  if (allow && (reasons.length === 0 || deniedBy.length > 0)) return fail(`inconsistent decision ${JSON.stringify(r)}`);
  if (!allow && reasons.length > 0) return fail(`inconsistent decision ${JSON.stringify(r)}`);
  const decision: Decision = { decision: allow ? 'allow' : 'deny', reasons, deniedBy };
  return { ok: true, decision };
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}
