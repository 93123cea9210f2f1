/**
 * A fuzz run cut into chunks that do not depend on the number of workers: chunk k has
 * `CHUNK` requests (the last one fewer) and its own seed derived from the run's seed, and
 * results are merged in chunk order. So `--seed S` gives the same requests, the same
 * disagreements (deduplicated by signature, first chunk first) and the same coverage
 * whatever `--jobs` is. A run of at most CHUNK requests is one chunk on the seed itself:
 * exactly the unchunked search.
 */
import type { FuzzResult } from './run.ts';

export const CHUNK = 5000;

export interface FuzzChunk {
  index: number;
  count: number;
  seed: number;
}

export function fuzzChunks(count: number, seed: number, size = CHUNK): FuzzChunk[] {
  const out: FuzzChunk[] = [];
  for (let index = 0, left = count; left > 0; index++, left -= size) {
    out.push({ index, count: Math.min(size, left), seed: index === 0 ? seed : chunkSeed(seed, index) });
  }
  return out;
}

/** A well-spread 32-bit seed per chunk (a multiplicative hash of seed and index). */
function chunkSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index, 0x9e3779b1)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** Merges chunk results given in chunk order; `elapsedMs` is the caller's wall time. */
export function mergeChunks(seed: number, parts: readonly FuzzResult[], maxFailures: number, elapsedMs: number): FuzzResult {
  const seen = new Set<string>();
  const failures: FuzzResult['failures'] = [];
  for (const p of parts) {
    for (const f of p.failures) {
      if (seen.has(f.signature) || failures.length >= maxFailures) continue;
      seen.add(f.signature);
      failures.push(f);
    }
  }
  // A rule is exercised when some chunk exercised it.
  const first = parts[0]!.coverage;
  let unexercised = first.unexercised;
  for (const p of parts.slice(1)) {
    const still = new Set(p.coverage.unexercised.map((u) => u.id));
    unexercised = unexercised.filter((u) => still.has(u.id));
  }
  const total = first.total;
  const exercised = total - unexercised.length;
  return {
    seed,
    generated: parts.reduce((n, p) => n + p.generated, 0),
    evaluated: parts.reduce((n, p) => n + p.evaluated, 0),
    invalid: parts.flatMap((p) => p.invalid).slice(0, 20),
    failures,
    elapsedMs,
    coverage: { total, exercised, percent: total === 0 ? 100 : Math.floor((exercised / total) * 1000) / 10, unexercised },
  };
}
