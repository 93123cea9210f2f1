/**
 * RegoEngine: answers requests by running the bundle's policy.wasm in
 * @open-policy-agent/opa-wasm (the OPA project's SDK), entrypoint rolec/authz/decision.
 * The policy is loaded and its data set once; each request is adapted to `input` and
 * evaluated. Anything unexpected — an SDK exception, an undefined or malformed result —
 * is an engine error, never a deny.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { toRegoInput } from '../backends/rego/adapter.ts';
import { ENTRYPOINT } from '../backends/rego/core.ts';
import type { Request } from '../request/types.ts';
import type { Decision, Engine, EngineAnswer } from './decision.ts';

interface LoadedPolicy {
  evaluate(input: unknown, entrypoint?: string | number): unknown;
  setData(data: unknown): void;
}
interface OpaWasm {
  loadPolicySync(wasm: BufferSource): LoadedPolicy;
}

const opa = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as OpaWasm;

export class RegoEngine implements Engine {
  readonly name = 'rego' as const;
  private readonly policy: LoadedPolicy;

  /** `wasm`: the bundle's policy.wasm; `data`: its data.json (parsed). */
  constructor(wasm: Uint8Array, data: unknown) {
    this.policy = opa.loadPolicySync(wasm as Uint8Array<ArrayBuffer>);
    this.policy.setData(data);
  }

  /** Loads an unpacked bundle directory (dist/rego). */
  static fromBundleDir(dir: string): RegoEngine {
    const read = (name: string): Buffer => {
      try {
        return readFileSync(join(dir, name));
      } catch (err) {
        throw new Error(`Rego bundle ${dir}: cannot read ${name}: ${(err as Error).message}`);
      }
    };
    const files = new Map<string, Uint8Array>([
      ['policy.wasm', read('policy.wasm')],
      ['data.json', read('data.json')],
    ]);
    return RegoEngine.fromBundleFiles(files, dir);
  }

  /** From a bundle's files in memory (bundle-relative paths, as the Rego backend builds them). */
  static fromBundleFiles(files: ReadonlyMap<string, Uint8Array>, where = 'Rego bundle'): RegoEngine {
    const wasm = files.get('policy.wasm');
    const data = files.get('data.json');
    if (!wasm || !data) throw new Error(`${where}: lacks policy.wasm or data.json`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(data));
    } catch (err) {
      throw new Error(`${where}: data.json is not valid JSON: ${(err as Error).message}`);
    }
    try {
      return new RegoEngine(wasm, parsed);
    } catch (err) {
      throw new Error(`${where}: policy.wasm does not load in opa-wasm: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  evaluate(request: Request): EngineAnswer {
    let resultSet: unknown;
    try {
      resultSet = this.policy.evaluate(toRegoInput(request), ENTRYPOINT);
    } catch (err) {
      return { ok: false, error: { engine: 'rego', message: `opa-wasm: ${err instanceof Error ? err.message : String(err)}` } };
    }
    return readDecision(resultSet);
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
