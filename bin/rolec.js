#!/usr/bin/env node
// Entry point of the `rolec` command: runs the compiled library (lib/, built by
// `npm run build`, which `npm ci` runs through `prepare`) with plain node.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// `rolec build` of a large policy set spends much of its time in V8's garbage collector and
// in faulting in fresh memory. A larger young generation and no memory reducer (which hands
// freed pages back only for the next GC to fault them in again) took a 100,000-role build
// from 41–62 s to 35–38 s on the development machine (docs/scale.md). These flags cannot be
// set once V8 runs, so `build` runs in a node started with them.
const BUILD_FLAGS = ['--max-semi-space-size=64', '--no-memory-reducer'];

if (process.argv[2] === 'build' && !BUILD_FLAGS.every((f) => process.execArgv.includes(f))) {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [...process.execArgv, ...BUILD_FLAGS, self, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (child.error) throw child.error;
  if (child.signal) process.kill(process.pid, child.signal);
  process.exitCode = child.status ?? 1;
} else {
  const { main } = await import('../lib/cli/main.js');
  process.exitCode = await main(process.argv);
}
