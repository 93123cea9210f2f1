/**
 * `rolec verify [PATHS…] [--bundle DIR] [--format text|json|sarif] [--timeout MS] [--write-fixture FILE]`:
 * proves with Z3 (src/verify/) that the built bundle's targets decide every valid request as
 * the DSL does, and that the set's asserts hold, or prints counterexamples replayed on both
 * engines. Exit 0 proved, 1 not equivalent / assert fails, 2 usage, 3 unknown/timeout or a
 * construct not encoded, 4 verifier bug.
 */
import { writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { summary, type SetExit } from './index.ts';
import { prepareVerifiedSet } from '../../verify/artefacts.ts';
import { counterexampleFixture, verifyDiagnostics, verifyPolicySet, verifyText } from '../../verify/run-verify.ts';
import { renderSarif } from '../../report/render.ts';

interface VerifyOptions {
  format: 'text' | 'json' | 'sarif';
  timeout?: number;
  writeFixture?: string;
  bundle?: string;
}

export function register(program: Command, setExit: SetExit): void {
  program
    .command('verify')
    .description(summary('verify'))
    .argument('[paths...]', 'policy files or the directory of one policy set', ['policies/observability'])
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--timeout <ms>', 'Z3 time limit per query (exit 3 when reached)', positive)
    .option('--write-fixture <file>', 'write counterexamples as a fixture file')
    .option('--bundle <dir>', 'verify this built bundle (a `rolec build` output directory of the policy set) instead of building it')
    .action(async (paths: string[], opts: VerifyOptions) => {
      const prepared = await prepareVerifiedSet(paths, opts.bundle !== undefined ? { bundle: opts.bundle } : {});
      if (!prepared.ok) {
        for (const m of prepared.messages) process.stderr.write(`rolec verify: ${m}\n`);
        return setExit(2);
      }
      const rep = await verifyPolicySet(prepared.value, opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {});
      const root = paths.length === 1 ? paths[0]! : '.';
      if (opts.format === 'json') process.stdout.write(`${JSON.stringify(rep, null, 2)}\n`);
      else if (opts.format === 'sarif') process.stdout.write(`${renderSarif(verifyDiagnostics(rep, root), '0.1.0')}\n`);
      else process.stdout.write(`${verifyText(rep)}\n`);
      if (opts.writeFixture) {
        const out = resolve(opts.writeFixture);
        writeFileSync(out, counterexampleFixture(rep, paths.map((p) => relative(dirname(out), resolve(p)) || '.')));
        process.stderr.write(`wrote ${opts.writeFixture}\n`);
      }
      setExit(rep.exitCode);
    });
}

function positive(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}
