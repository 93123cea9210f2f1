/**
 * Node 20's V8 dies with `Fatal error … unreachable code` (Deoptimizer::DoComputeBuiltinContinuation)
 * when an optimized caller of an inlined JS→Wasm call is lazily deoptimized during the call;
 * loading a 1,000-role Cedar bundle (~5,000 `policyToJson` calls) did it every time.
 * src/support/v8-flags-node.ts turns the inlining off on import of the Node cedar-wasm
 * build: this loads that bundle in a fresh process (no flags of ours on the command line)
 * and needs it to finish.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('V8 flags for the WASM engines', () => {
  it('a 1,000-role Cedar bundle loads in a fresh Node process', () => {
    const script = [
      "import { compileCedar } from './src/backends/cedar/compile.ts';",
      "import { nodeCedar } from './src/backends/cedar/wasm-node.ts';",
      "import { CedarEngine } from './src/engines/cedar.ts';",
      "import { checkSources } from './src/semantics/index.ts';",
      "import { generate } from './bench/frontend.bench.ts';",
      'const { ir } = checkSources(generate(1000));',
      'const engine = CedarEngine.fromBundle(compileCedar(ir), nodeCedar);',
      "console.log(engine ? 'loaded' : 'no engine');",
    ].join('\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).not.toContain('Fatal error');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('loaded');
  }, 150_000);
});
