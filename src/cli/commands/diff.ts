/**
 * `rolec diff OLD NEW` or `rolec diff --git REV1 REV2 PATH`: the semantic difference of two
 * versions of a policy set (src/verify/run-diff.ts). Text, `--format json` or
 * `--format markdown` (a pull-request comment).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { summary, type SetExit } from './index.ts';
import { PolicyPathError } from '../../semantics/index.ts';
import { buildPolicySetUnderTest } from '../../harness/policyset.ts';
import { defaultToolchain } from '../../harness/toolchain.ts';
import { diffMarkdown, diffPolicySets, diffText } from '../../verify/run-diff.ts';

interface DiffOptions {
  format: 'text' | 'json' | 'markdown';
  git?: boolean;
  timeout?: number;
  max: number;
}

export function register(program: Command, setExit: SetExit): void {
  program
    .command('diff')
    .description(summary('diff'))
    .argument('<args...>', 'OLD NEW (directories), or with --git: REV1 REV2 PATH')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .option('--git', 'compare PATH at two git revisions')
    .option('--timeout <ms>', 'Z3 time limit per query', positive)
    .option('--max <n>', 'request classes to list per direction', positive, 10)
    .action(async (args: string[], opts: DiffOptions) => {
      const temp: string[] = [];
      try {
        let oldPaths: string[];
        let newPaths: string[];
        if (opts.git) {
          if (args.length !== 3) throw new UsageError('with --git give REV1 REV2 PATH');
          oldPaths = [checkout(args[0]!, args[2]!, temp)];
          newPaths = [checkout(args[1]!, args[2]!, temp)];
        } else {
          if (args.length !== 2) throw new UsageError('give OLD and NEW policy-set directories');
          oldPaths = [args[0]!];
          newPaths = [args[1]!];
        }
        const [o, n] = [await buildPolicySetUnderTest(oldPaths, defaultToolchain), await buildPolicySetUnderTest(newPaths, defaultToolchain)];
        for (const b of [o, n]) if (!b.ok) throw new UsageError(b.errors.map((e) => `${e.file}${e.line ? `:${e.line}:${e.col}` : ''}: ${e.code}: ${e.message}`).join('\n'));
        if (!o.ok || !n.ok) return;
        const rep = await diffPolicySets(o.value, n.value, { ...(opts.timeout ? { timeoutMs: opts.timeout } : {}), maxPerDirection: opts.max });
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(rep, null, 2)}\n`);
        else if (opts.format === 'markdown') process.stdout.write(`${diffMarkdown(rep)}\n`);
        else process.stdout.write(`${diffText(rep)}\n`);
        setExit(rep.exitCode);
      } catch (err) {
        if (!(err instanceof UsageError || err instanceof PolicyPathError)) throw err;
        process.stderr.write(`rolec diff: ${err.message}\n`);
        setExit(2);
      } finally {
        for (const d of temp) rmSync(d, { recursive: true, force: true });
      }
    });
}

class UsageError extends Error {}

/** The `.role` files under PATH at git revision REV, written to a temporary directory. */
function checkout(rev: string, path: string, temp: string[]): string {
  const git = (...a: string[]) => execFileSync('git', a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  let files: string[];
  try {
    files = git('ls-tree', '-r', '--name-only', '--full-name', rev, '--', path).split('\n').filter((f) => f.endsWith('.role'));
  } catch (err) {
    throw new UsageError(`git cannot read ${path} at ${rev}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (files.length === 0) throw new UsageError(`no .role files under ${path} at ${rev}`);
  const dir = mkdtempSync(join(tmpdir(), 'rolec-diff-'));
  temp.push(dir);
  const prefix = git('rev-parse', '--show-prefix').trim();
  for (const f of files) {
    const rel = f.startsWith(prefix) ? f.slice(prefix.length) : f;
    const out = join(dir, rel);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, git('show', `${rev}:${f}`));
  }
  return join(dir, path);
}

function positive(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}
