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

/**
 * The young generation each worker gets (V8 counts three semi-spaces in it, two for
 * copying and one for large young objects: 192 MB is a 64 MB semi-space; Node's default
 * semi-space is 16 MB). Why: a fuzz chunk allocates ~25 KB per request (generated
 * requests, engine calls and answers) and keeps a batch's worth alive across each engine's
 * phase (sweep.ts). With the default semi-space the young generation was collected every
 * ~600 requests, each collection copying the live batch. Measured side by side on the example sets (docs/scale.md,
 * "Throughput"), one job went from 0.88–0.93 to 0.93–0.94 of the bare engines; 32 MB gave
 * about half of that, 128 MB little more. It is a ceiling: the heap grows to it only while
 * the harness allocates this fast.
 */
export const WORKER_YOUNG_GENERATION_MB = 192;

/** The default for `--jobs`: the machine's cores. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/** A pool of `jobs` workers, started on first use (a run that needs none starts none). */
export function harnessPool(jobs: number): HarnessPool {
  let pool: Tinypool | undefined;
  const start = (): Tinypool => new Tinypool(poolOptions(jobs));
  return {
    run: (task) => (pool ??= start()).run(task) as Promise<PoolAnswer>,
    destroy: async () => {
      await pool?.destroy();
    },
  };
}

/** Tinypool's options for `jobs` workers (exported for the test). */
export function poolOptions(jobs: number): ConstructorParameters<typeof Tinypool>[0] & {} {
  const fromSource = import.meta.url.endsWith('.ts');
  // Under tsx the worker registers tsx itself first (pool-worker-tsx.mjs).
  const filename = new URL(fromSource ? './pool-worker-tsx.mjs' : './pool-worker.js', import.meta.url).href;
  return {
    filename,
    minThreads: jobs,
    maxThreads: jobs,
    resourceLimits: {
      // cedar-wasm evaluates expressions recursively on the thread's native stack
      // (semantics/limits.ts): give workers at least the main thread's room.
      stackSizeMb: 8,
      maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB,
    },
  };
}
