/** The Rego (OPA) backend: IR → Rego v1 modules + data.json → OPA bundle with policy.wasm. */
export { generateRego, buildRegoBundle, assembleBundle, writeRegoBundle, deterministicTarGz } from './bundle.ts';
export type { RegoBundle, RegoBundleResult, RegoModuleSource, RegoSources, RegoWasmCompiler } from './bundle.ts';
export { toRegoInput, regoInputAdapter, type RegoInput } from './adapter.ts';
export { regoTarget, regoTargetWith } from './target.ts';
export { ENTRYPOINT } from './core.ts';
