/**
 * The harness's worker threads get the heap the harness was measured with (pool.ts,
 * WORKER_YOUNG_GENERATION_MB) and the stack cedar-wasm needs: started with pool.ts's own
 * options, a worker reports them as its thread's resource limits.
 */
import Tinypool from 'tinypool';
import { describe, expect, it } from 'vitest';
import { poolOptions, WORKER_YOUNG_GENERATION_MB } from '../../src/harness/pool.ts';

describe('harness pool', () => {
  it("starts workers with the harness's young generation and stack", async () => {
    const pool = new Tinypool({ ...poolOptions(1), filename: new URL('./pool-limits-worker.mjs', import.meta.url).href });
    try {
      const limits = (await pool.run(undefined)) as { maxYoungGenerationSizeMb: number; stackSizeMb: number };
      expect(limits.maxYoungGenerationSizeMb).toBe(WORKER_YOUNG_GENERATION_MB);
      expect(WORKER_YOUNG_GENERATION_MB).toBeGreaterThan(48); // above Node's default (16 MB semi-spaces)
      expect(limits.stackSizeMb).toBe(8);
    } finally {
      await pool.destroy();
    }
  });
});
