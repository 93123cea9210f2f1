/**
 * Cold start of the `rolec` command, as whole processes, side by side in one run
 * (interleaved rounds, so load on the machine hits every command alike): bare `node -e ""`,
 * `rolec --help`, `rolec check policies/observability`, and `rolec build` of the same set
 * (the one that loads the engines). Median of 15 runs each; ratios to bare node.
 * Runs the compiled CLI (bin/rolec.js → lib/), as an installed package does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './stats.ts';

const root = new URL('../', import.meta.url).pathname;
const ROUNDS = 15;

export default async function run(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'rolec-coldstart-'));
  const commands: [string, string[]][] = [
    ['node -e ""', ['-e', '']],
    ['rolec --help', ['bin/rolec.js', '--help']],
    ['rolec check policies/observability', ['bin/rolec.js', 'check', 'policies/observability']],
    ['rolec build policies/observability', ['bin/rolec.js', 'build', 'policies/observability', '--out', out]],
  ];
  const times = new Map<string, number[]>(commands.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, args] of commands) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
      const ms = performance.now() - t0;
      if (r.status !== 0) throw new Error(`${name} exited ${r.status}`);
      times.get(name)!.push(ms);
    }
  }
  rmSync(out, { recursive: true, force: true });
  const base = median(times.get('node -e ""')!);
  console.log(`cold start, median of ${ROUNDS} whole-process runs (interleaved):`);
  console.log('| command | median ms | × bare node |\n|---|---:|---:|');
  for (const [name] of commands) {
    const m = median(times.get(name)!);
    console.log(`| \`${name}\` | ${m.toFixed(0)} | ${(m / base).toFixed(2)} |`);
  }
}
