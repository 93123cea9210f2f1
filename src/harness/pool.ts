/**
 * Worker threads for the differential harness (`rolec fuzz --jobs N`, `rolec test
 * --jobs N`), on tinypool. The module is resolved next to this one, so the same code runs
 * from src/*.ts (tsx: the workers register tsx first) and from compiled lib/*.js (plain
 * node). Work is cut into pieces that do not depend on N (fuzz chunks, fixture files) and
 * merged in piece order, so the outcome for a seed is the same whatever N is.
 */
import { availableParallelism } from 'node:os';
import Tinypool from 'tinypool';
import type { PoolAnswer, PoolTask } from './pool-worker.ts';

export interface HarnessPool {
  run(task: PoolTask): Promise<PoolAnswer>;
  destroy(): Promise<void>;
}

/** The default for `--jobs`: the machine's cores. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/** A pool of `jobs` workers, started on first use (a run that needs none starts none). */
export function harnessPool(jobs: number): HarnessPool {
  let pool: Tinypool | undefined;
  const start = (): Tinypool => {
    const fromSource = import.meta.url.endsWith('.ts');
    // Under tsx the worker registers tsx itself first (pool-worker-tsx.mjs).
    const filename = new URL(fromSource ? './pool-worker-tsx.mjs' : './pool-worker.js', import.meta.url).href;
    return new Tinypool({
      filename,
      minThreads: jobs,
      maxThreads: jobs,
      // cedar-wasm evaluates expressions recursively on the thread's native stack
      // (semantics/limits.ts): give workers at least the main thread's room.
      resourceLimits: { stackSizeMb: 8 },
    });
  };
  return {
    run: (task) => (pool ??= start()).run(task) as Promise<PoolAnswer>,
    destroy: async () => {
      await pool?.destroy();
    },
  };
}
