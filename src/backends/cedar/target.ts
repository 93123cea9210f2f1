/**
 * The Cedar target: compile, validate strictly with cedar-wasm (the build the caller
 * loaded: Node's from ./wasm-node.ts, or the web build in a browser), render `cedar/…`.
 */
import { bundleFiles, compileCedar, validateCedar } from './compile.ts';
import type { CedarApi } from './wasm-api.ts';
import type { Target } from '../target.ts';

export const cedarTargetWith = (cedar: CedarApi): Target => ({
  name: 'cedar',
  async build(ir) {
    const bundle = compileCedar(ir);
    const problems = validateCedar(bundle, cedar);
    if (problems.length > 0) {
      return {
        ok: false,
        problems: problems.map((p) => ({
          code: 'B0001',
          target: 'cedar',
          message: `compiler bug: the generated Cedar for ${p.dslId} fails strict validation: ${p.message}`,
          ruleId: p.dslId,
          ...(p.loc ? { loc: p.loc } : {}),
        })),
      };
    }
    const files = Object.fromEntries(Object.entries(bundleFiles(bundle)).map(([name, text]) => [`cedar/${name}`, text]));
    return { ok: true, output: { files, entrypoints: ['cedar/policies.cedar', 'cedar/schema.cedarschema', 'cedar/entities.json'] } };
  },
});
