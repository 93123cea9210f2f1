/**
 * `rolec test [FIXTURES…] [--policies PATHS]`: runs fixture cases on both engines, checks
 * expectations and engine agreement (src/harness/test-run.ts), prints the per-file table
 * and summary. Exit 0 all good, 1 failures/disagreements/engine errors/coverage below
 * threshold, 2 invalid input.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { SetExit } from './index.ts';
import { runTests } from '../../harness/test-run.ts';
import { buildPolicySetUnderTest } from '../../harness/policyset.ts';
import { defaultToolchain } from '../../harness/toolchain.ts';
import { progressLine } from '../../harness/report/progress.ts';
import { harnessPool } from '../../harness/pool.ts';

interface TestOptions {
  policies?: string[];
  reporter: 'text' | 'junit' | 'json';
  output?: string;
  coverage?: boolean;
  coverageThreshold?: number;
  jobs: number;
}

export function register(program: Command, setExit: SetExit): void {
  program
    .command('test')
    .description('run fixture cases on both engines; check expectations and Cedar/Rego agreement')
    .argument('[fixtures...]', 'fixture files (.yaml, .yml, .json) or directories of them', ['fixtures'])
    .option('--policies <paths...>', "policy files or directories (overrides each fixture's `policies`)")
    .addOption(new Option('--reporter <name>', 'report format').choices(['text', 'junit', 'json']).default('text'))
    .option('--output <file>', 'write the junit/json report to FILE (the table still goes to stdout)')
    .option('--coverage', 'report the DSL rules no case exercised')
    .option('--coverage-threshold <pct>', 'fail below this rule coverage (implies --coverage)', percent)
    .option('--jobs <n>', 'worker threads, one fixture file each (default 1: a worker builds its policy sets again, which costs more than small fixture files save)', jobsCount, 1)
    .action(async (fixtures: string[], opts: TestOptions) => {
      const progress = progressLine(process.stderr);
      const pool = opts.jobs > 1 ? harnessPool(opts.jobs) : undefined;
      const outcome = await runTests(
        {
          fixtures,
          ...(opts.policies ? { policies: opts.policies } : {}),
          reporter: opts.reporter,
          ...(opts.output ? { output: opts.output } : {}),
          coverage: Boolean(opts.coverage) || opts.coverageThreshold !== undefined,
          ...(opts.coverageThreshold !== undefined ? { coverageThreshold: opts.coverageThreshold } : {}),
          isTTY: Boolean(process.stdout.isTTY),
          cwd: process.cwd(),
          onProgress: progress.update,
          ...(pool ? { pool } : {}),
        },
        (paths) => buildPolicySetUnderTest(paths, defaultToolchain),
      ).finally(() => pool?.destroy());
      progress.done();
      if (outcome.report) {
        mkdirSync(dirname(outcome.report.file), { recursive: true });
        writeFileSync(outcome.report.file, outcome.report.text);
      }
      process.stdout.write(outcome.stdout);
      process.stderr.write(outcome.stderr);
      setExit(outcome.exitCode);
    });
}

function percent(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError('expected a percentage between 0 and 100');
  return n;
}

function jobsCount(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || n < 1 || n > 256) throw new InvalidArgumentError('expected a number of worker threads between 1 and 256');
  return n;
}
