/**
 * `rolec test [FIXTURES…] [--policies PATHS]`: runs fixture cases on both engines, checks
 * expectations and engine agreement (src/harness/test-run.ts), prints the per-file table
 * and summary. Exit 0 all good, 1 failures/disagreements/engine errors/coverage below
 * threshold, 2 invalid input.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { summary, type SetExit } from './index.ts';
import { runTests } from '../../harness/test-run.ts';
import { buildPolicySetUnderTest } from '../../harness/policyset.ts';
import { defaultToolchain } from '../../harness/toolchain.ts';
import { progressLine } from '../../harness/report/progress.ts';

interface TestOptions {
  policies?: string[];
  reporter: 'text' | 'junit' | 'json';
  output?: string;
  coverage?: boolean;
  coverageThreshold?: number;
}

export function register(program: Command, setExit: SetExit): void {
  program
    .command('test')
    .description(summary('test'))
    .argument('[fixtures...]', 'fixture files (.yaml, .yml, .json) or directories of them', ['fixtures'])
    .option('--policies <paths...>', "policy files or directories (overrides each fixture's `policies`)")
    .addOption(new Option('--reporter <name>', 'report format').choices(['text', 'junit', 'json']).default('text'))
    .option('--output <file>', 'write the junit/json report to FILE (the table still goes to stdout)')
    .option('--coverage', 'report the DSL rules no case exercised')
    .option('--coverage-threshold <pct>', 'fail below this rule coverage (implies --coverage)', percent)
    .option('--watch', 're-run on every change of a fixture or .role file (Ctrl-C stops); watches the fixtures and --policies (default: ./policies)')
    .action(async (fixtures: string[], opts: TestOptions & { watch?: boolean }) => {
      if (opts.watch) {
        const { watchAndRerun } = await import('../watch.ts');
        const watched = [...fixtures, ...(opts.policies ?? (existsSync('policies') ? ['policies'] : []))];
        setExit(await watchAndRerun(watched, () => runOnce(fixtures, opts), { extensions: ['.role', '.yaml', '.yml', '.json'] }));
        return;
      }
      setExit(await runOnce(fixtures, opts));
    });
}

/** One `rolec test` run: prints the report, returns the exit code. */
async function runOnce(fixtures: string[], opts: TestOptions): Promise<number> {
  const progress = progressLine(process.stderr);
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
    },
    (paths) => buildPolicySetUnderTest(paths, defaultToolchain),
  );
  progress.done();
  if (outcome.report) {
    mkdirSync(dirname(outcome.report.file), { recursive: true });
    writeFileSync(outcome.report.file, outcome.report.text);
  }
  process.stdout.write(outcome.stdout);
  process.stderr.write(outcome.stderr);
  return outcome.exitCode;
}

function percent(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError('expected a percentage between 0 and 100');
  return n;
}
