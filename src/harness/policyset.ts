/**
 * Builds a policy set in memory for the harness: front end → IR, Cedar bundle → the
 * CedarEngine, Rego bundle (Rego → policy.wasm by rolec's compiler) → the RegoEngine,
 * and the request checker from the set's request schema. The harness asks nothing of the
 * engines but `Engine`; the compilers and the request validator come in as a
 * {@link Toolchain} so that tests can perturb one side's compiled output.
 */
import type { PolicySetIR } from '../semantics/ir.ts';
import { loadPolicySet, PolicyPathError } from '../semantics/index.ts';
import { compileCedar, type CedarBundle } from '../backends/cedar/compile.ts';
import { buildRegoBundle, type RegoWasmCompiler } from '../backends/rego/bundle.ts';
import { CedarEngine } from '../engines/cedar.ts';
import { nodeCedar } from '../backends/cedar/wasm-node.ts';
import { RegoEngine } from '../engines/rego.ts';
import type { HarnessInputError } from './errors.ts';
import type { Loaded, RequestChecker } from './fixtures.ts';
import type { PolicySetUnderTest } from './run.ts';

export interface Toolchain {
  compileRegoWasm: RegoWasmCompiler;
  requestChecker: (ir: PolicySetIR) => RequestChecker;
  /** Hook for mutation tests: rewrite the compiled Cedar bundle before loading it.
   *  (For the Rego side, wrap `compileRegoWasm` and rewrite the modules it receives.) */
  mutateCedar?: (b: CedarBundle) => CedarBundle;
}

export async function buildPolicySetUnderTest(paths: string[], tools: Toolchain): Promise<Loaded<PolicySetUnderTest>> {
  const fail = (file: string, message: string, extra: Partial<HarnessInputError> = {}): Loaded<PolicySetUnderTest> => ({
    ok: false,
    errors: [{ code: 'H0006', file, path: '', message, ...extra }],
  });
  let loaded;
  try {
    loaded = await loadPolicySet(paths);
  } catch (err) {
    if (err instanceof PolicyPathError) return { ok: false, errors: [{ code: 'H0005', file: paths.join(', '), path: '', message: err.message }] };
    throw err;
  }
  if (!loaded.ir) {
    const errors = loaded.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d): HarnessInputError => ({ code: d.code, file: d.span.file, path: '', line: d.span.start.line, col: d.span.start.col, message: `policy set does not compile: ${d.message}` }));
    return { ok: false, errors };
  }
  const ir = loaded.ir;
  let cedar: CedarEngine;
  try {
    const bundle = compileCedar(ir);
    cedar = CedarEngine.fromBundle(tools.mutateCedar ? tools.mutateCedar(bundle) : bundle, nodeCedar);
  } catch (err) {
    return fail(paths.join(', '), `Cedar bundle does not load: ${(err as Error).message}`);
  }
  const rego = await buildRegoBundle(ir, tools.compileRegoWasm);
  if (!rego.ok) {
    const d = rego.diagnostics[0]!;
    return fail(d.file ?? paths.join(', '), `Rego bundle does not build: ${rego.diagnostics.map((x) => x.message).join('; ')}`, {
      ...(d.line !== undefined ? { line: d.line } : {}),
      ...(d.col !== undefined ? { col: d.col } : {}),
    });
  }
  const wasm = rego.bundle.files.get('policy.wasm');
  const dataBytes = rego.bundle.files.get('data.json');
  if (!wasm || !dataBytes) return fail(paths.join(', '), 'Rego bundle lacks policy.wasm or data.json');
  let regoEngine: RegoEngine;
  try {
    regoEngine = new RegoEngine(wasm, JSON.parse(new TextDecoder().decode(dataBytes)) as unknown);
  } catch (err) {
    return fail(paths.join(', '), `policy.wasm does not load in opa-wasm: ${(err as Error).message}`);
  }
  return { ok: true, value: { paths, ir, cedar, rego: regoEngine, checkRequest: tools.requestChecker(ir) } };
}
