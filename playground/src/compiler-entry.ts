/**
 * The compiler as the playground's Workers use it: rolec's environment-neutral compiler
 * (src/compiler.ts) with the Wasm it needs — cedar-wasm's web build (strict validation of
 * the generated Cedar) and the Rego VM module (build/regowasm/vm.wasm, served by Vite as a
 * file) that the Rego → Wasm compiler splices each policy into. Both are fetched once,
 * on the first build; checking needs neither.
 */
import * as cedarWeb from '@cedar-policy/cedar-wasm/web';
import regoVmUrl from '../../build/regowasm/vm.wasm?url';
import { createCompiler, type CedarApi, type CheckResult, type Compiler, type SourceFile } from '../../src/compiler.ts';
import { checkSources } from '../../src/semantics/check.ts';
import pkg from '../../package.json' with { type: 'json' };

export type Built = { ok: true; files: Record<string, Uint8Array> } | { ok: false; problems: string[] };

let compiler: Promise<Compiler> | undefined;

function theCompiler(): Promise<Compiler> {
  compiler ??= (async () => {
    const [, vm] = await Promise.all([cedarWeb.default(), fetch(regoVmUrl).then(async (r) => {
      if (!r.ok) throw new Error(`cannot fetch the Rego VM (${regoVmUrl}): HTTP ${r.status}`);
      return new Uint8Array(await r.arrayBuffer());
    })]);
    // The version recorded in manifest.json, as `rolec build` records it: same sources, same bytes.
    return createCompiler({ cedar: cedarWeb as unknown as CedarApi, regoVm: vm, version: pkg.version });
  })();
  return compiler;
}

export function check(files: readonly SourceFile[]): CheckResult {
  return checkSources(files);
}

/** The playground shows and runs the two engines' bundles; the elasticsearch target (which
 *  refuses deny rules and context conditions) is for `rolec build`. */
const ENGINE_TARGETS = ['cedar', 'rego'];

export async function build(files: readonly SourceFile[]): Promise<Built> {
  const built = await (await theCompiler()).build(files, { targets: ENGINE_TARGETS });
  if (built.ok) return { ok: true, files: built.files };
  const problems = built.problems.map((p) => `${p.code} ${p.target}${p.ruleId ? ` (${p.ruleId})` : ''}: ${p.message}`);
  return { ok: false, problems: problems.length ? problems : built.diagnostics.map((d) => `${d.code} ${d.message}`) };
}
