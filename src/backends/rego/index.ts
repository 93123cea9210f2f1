/** The Rego (OPA) backend: IR → Rego v1 modules + data.json → OPA bundle with policy.wasm. */
export { generateRego, buildRegoBundle, assembleBundle, deterministicTarGz } from './bundle.ts';
export type { RegoBundle, RegoBundleResult, RegoModuleSource, RegoSources, RegoWasmCompiler } from './bundle.ts';
export { toRegoInput, regoInputAdapter, type RegoInput } from './adapter.ts';
export { regoTargetWith } from './target.ts';
export { ENTRYPOINT } from './core.ts';
