/**
 * The engines `rolec eval` can load from an IR (one line per backend, like targets.ts).
 * Each compiles its bundle in memory exactly as `rolec build` would and loads it.
 */
import { compileCedar } from '../backends/cedar/compile.ts';
import { CedarEngine } from '../engines/cedar.ts';
import { nodeCedar } from '../backends/cedar/wasm-node.ts';
import { buildRegoBundle } from '../backends/rego/bundle.ts';
import { compileRegoToWasm } from '../regowasm/index.ts';
import { RegoEngine } from '../engines/rego.ts';
import type { Engine } from '../engines/decision.ts';
import type { PolicySetIR } from '../semantics/ir.ts';

export interface EngineLoader {
  readonly name: string;
  load(ir: PolicySetIR): Promise<Engine>;
}

export const ENGINES: readonly EngineLoader[] = [
  { name: 'cedar', load: async (ir) => CedarEngine.fromBundle(compileCedar(ir), nodeCedar) },
  { name: 'rego', load: loadRegoEngine },
];

/** `all`/`both` or a comma list → the loaders, or the unknown names. */
export function selectEngines(spec: string | undefined): { engines: EngineLoader[]; unknown: string[] } {
  if (!spec || spec === 'all' || spec === 'both') return { engines: [...ENGINES], unknown: [] };
  const names = spec.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !ENGINES.some((e) => e.name === n));
  return { engines: ENGINES.filter((e) => names.includes(e.name)), unknown };
}

/** The Rego bundle built in memory exactly as `rolec build` would, loaded. */
export async function loadRegoEngine(ir: PolicySetIR): Promise<RegoEngine> {
  const result = await buildRegoBundle(ir, compileRegoToWasm);
  if (!result.ok) throw new Error(`Rego bundle does not build: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  return RegoEngine.fromBundleFiles(result.bundle.files);
}
