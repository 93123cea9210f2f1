/**
 * `rolec fuzz [--policies PATHS] [--count N] [--seed S] [--out DIR] [--jobs N]`: differential random
 * testing of the Cedar and Rego bundles (src/harness/fuzz/). Without --policies, every
 * policy set under `policies/` is fuzzed. Without --seed a seed is drawn and printed, so
 * that every run can be reproduced.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { summary, type SetExit } from './index.ts';
import { discoverPolicySets, PolicyPathError } from '../../semantics/index.ts';
import { runFuzz } from '../../harness/fuzz/fuzz-run.ts';
import { buildPolicySetUnderTest } from '../../harness/policyset.ts';
import { defaultToolchain } from '../../harness/toolchain.ts';
import { progressLine } from '../../harness/report/progress.ts';
import { defaultJobs, harnessPool } from '../../harness/pool.ts';

interface FuzzOptions {
  policies?: string[];
  count: number;
  seed?: number;
  out: string;
  maxFailures: number;
  jobs: number;
}

export function register(program: Command, setExit: SetExit): void {
  program
    .command('fuzz')
    .description(summary('fuzz'))
    .option('--policies <paths...>', 'policy files or directories (default: every policy set under policies/)')
    .option('--count <n>', 'requests per policy set', integer(1), 1000)
    .option('--seed <s>', 'random seed (printed; same seed, same requests)', integer(-(2 ** 31)))
    .option('--out <dir>', 'where disagreements are written as fixture files', 'fuzz-failures')
    .option('--max-failures <n>', 'distinct disagreements to shrink per policy set', integer(1), 5)
    .option('--jobs <n>', 'worker threads (same results for a seed whatever N; a run of one chunk, 5,000 requests, runs in this thread)', integer(1), defaultJobs())
    .action(async (opts: FuzzOptions) => {
      let sets: string[][];
      try {
        sets = opts.policies ? [opts.policies] : await discoverPolicySets(['policies']);
      } catch (err) {
        if (!(err instanceof PolicyPathError)) throw err;
        process.stderr.write(`rolec fuzz: ${err.message}\n`);
        return setExit(2);
      }
      const seed = opts.seed ?? (Date.now() ^ (process.pid << 10)) | 0;
      const progress = progressLine(process.stderr);
      // Also for one job: a run of several chunks goes to one worker, whose heap is set
      // for the harness (pool.ts, WORKER_YOUNG_GENERATION_MB); a run of one chunk stays
      // in this thread (fuzz-run.ts), and the pool then never starts.
      const pool = harnessPool(opts.jobs);
      let outcome;
      try {
        outcome = await runFuzz(
          { sets, count: opts.count, seed, outDir: opts.out, maxFailures: opts.maxFailures, cwd: process.cwd(), onProgress: progress.update, pool },
          (paths) => buildPolicySetUnderTest(paths, defaultToolchain),
        );
      } finally {
        await pool.destroy();
      }
      progress.done();
      process.stdout.write(outcome.stdout);
      process.stderr.write(outcome.stderr);
      setExit(outcome.exitCode);
    });
}

function integer(min: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > 2 ** 31 - 1) {
      throw new InvalidArgumentError(`expected an integer between ${min} and ${2 ** 31 - 1}`);
    }
    return n;
  };
}
