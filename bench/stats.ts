/** Small helpers shared by the benchmarks: timing loops and medians. */
import { performance } from 'node:perf_hooks';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Runs `fn` `runs` times after `warmup` runs; returns the median wall time in ms. */
export function medianMs(fn: () => void, runs = 7, warmup = 1): number {
  for (let i = 0; i < warmup; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

/**
 * Per-call median in µs: calls `fn(i)` in batches of `batch`, `rounds` times, and takes
 * the median of the per-call batch averages (robust against GC pauses).
 */
export function perCallMicros(fn: (i: number) => void, batch = 200, rounds = 15): number {
  for (let i = 0; i < batch; i++) fn(i);
  const t: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn(i);
    t.push(((performance.now() - t0) * 1000) / batch);
  }
  return median(t);
}

/**
 * Like {@link perCallMicros} for several functions measured side by side: each round runs
 * one batch of every function in turn, so load spikes and GC hit all of them alike.
 * Returns the median per-call µs of each, in the order given.
 */
export function interleavedMicros(fns: ((i: number) => void)[], batch = 200, rounds = 21): number[] {
  for (const fn of fns) for (let i = 0; i < batch; i++) fn(i);
  const samples: number[][] = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, k) => {
      const t0 = performance.now();
      for (let i = 0; i < batch; i++) fn(i);
      samples[k]!.push(((performance.now() - t0) * 1000) / batch);
    });
  }
  return samples.map(median);
}
