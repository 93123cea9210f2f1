/**
 * `rolec fuzz --jobs N`: the run is cut into chunks that do not depend on N, so the same
 * seed gives the same requests, counts and coverage in this thread and on worker threads
 * (which build the set themselves, from src/*.ts under tsx here).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzzChunks, mergeChunks } from '../../../src/harness/fuzz/chunks.ts';
import { runFuzz } from '../../../src/harness/fuzz/fuzz-run.ts';
import { harnessPool } from '../../../src/harness/pool.ts';
import { buildPolicySetUnderTest } from '../../../src/harness/policyset.ts';
import { defaultToolchain } from '../../../src/harness/toolchain.ts';

describe('fuzz chunks', () => {
  it('are the same for a seed whatever the worker count, and the first is the seed itself', () => {
    const chunks = fuzzChunks(12_001, 7, 5000);
    expect(chunks.map((c) => c.count)).toEqual([5000, 5000, 2001]);
    expect(chunks[0]!.seed).toBe(7);
    expect(new Set(chunks.map((c) => c.seed)).size).toBe(3);
    expect(fuzzChunks(12_001, 7, 5000)).toEqual(chunks);
  });

  it('merge keeps the first failure of each signature, in chunk order, and unions coverage', () => {
    const cov = (unexercised: string[]) => ({ total: 3, exercised: 3 - unexercised.length, percent: 0, unexercised: unexercised.map((id) => ({ kind: 'role', id })) as never });
    const failure = (signature: string, tag: string) => ({ signature, differences: [tag] }) as never;
    const part = (failures: never[], unexercised: string[]) => ({ seed: 0, generated: 10, evaluated: 12, invalid: [], failures, elapsedMs: 1, coverage: cov(unexercised) });
    const merged = mergeChunks(1, [part([failure('a', 'first')], ['x', 'y']), part([failure('a', 'second'), failure('b', 'b')], ['y', 'z'])], 5, 9);
    expect(merged.failures.map((f) => f.differences[0])).toEqual(['first', 'b']);
    expect(merged.coverage.unexercised.map((u) => u.id)).toEqual(['y']);
    expect([merged.generated, merged.evaluated, merged.coverage.exercised]).toEqual([20, 24, 2]);
  });
});

describe('fuzz on worker threads', () => {
  it('gives the same result for a seed in this thread and on 2 workers', async () => {
    const cwd = resolve(__dirname, '../../..');
    const out = mkdtempSync(join(tmpdir(), 'rolec-pool-'));
    const opts = { sets: [['policies/elastic-cloud']], count: 150, seed: 31, outDir: out, maxFailures: 3, cwd, chunk: 50 };
    const load = (paths: string[]) => buildPolicySetUnderTest(paths, defaultToolchain);
    const local = await runFuzz(opts, load);
    const pool = harnessPool(2);
    let remote;
    try {
      remote = await runFuzz({ ...opts, pool }, load);
    } finally {
      await pool.destroy();
    }
    expect(remote.exitCode).toBe(local.exitCode);
    const strip = (r: typeof local) => r.results.map(({ result }) => ({ ...result, elapsedMs: 0 }));
    expect(strip(remote)).toEqual(strip(local));
    expect(local.results[0]!.result.evaluated).toBeGreaterThanOrEqual(150);
  }, 240_000);
});
