/**
 * The `rego` build target: the OPA bundle under `rego/` — the files unpacked and
 * `rego/bundle.tar.gz` — with policy.wasm from the Rego→Wasm compiler it is given
 * (rolec's own, src/regowasm, wired in by src/bundle/targets.ts; or the OPA CLI).
 */
import type { Target } from '../target.ts';
import { buildRegoBundle, type RegoWasmCompiler } from './bundle.ts';

export function regoTargetWith(compile: RegoWasmCompiler): Target {
  return {
    name: 'rego',
    async build(ir) {
      const result = await buildRegoBundle(ir, compile);
      if (!result.ok) {
        return {
          ok: false,
          problems: result.diagnostics.map((d) => ({
            code: 'B0002',
            target: 'rego',
            message: `compiler bug: the generated Rego does not compile to Wasm: ${d.file ? `${d.file}:${d.line ?? 0}:${d.col ?? 0}: ` : ''}${d.code ? `${d.code} ` : ''}${d.message}`,
          })),
        };
      }
      const files: Record<string, Uint8Array> = {};
      for (const [path, bytes] of result.bundle.files) files[`rego/${path}`] = bytes;
      files['rego/bundle.tar.gz'] = result.bundle.tarball;
      return { ok: true, output: { files, entrypoints: ['rego/bundle.tar.gz', 'rego/policy.wasm', 'rego/data.json'] } };
    },
  };
}

