/**
 * `rolec check [PATHS…]`: parse + analyse policy sets and print diagnostics.
 * Exit 0 when clean (warnings allowed), 1 on errors, 2 on usage errors (nonexistent path,
 * bad --format). A collection directory (no `.role` files of its own, e.g. `policies/`)
 * is split into its policy sets, each checked on its own (see discoverPolicySets).
 */
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { summary, type SetExit } from './index.ts';
import type { Diagnostic } from '../../diagnostics/types.ts';
import { discoverPolicySets, loadPolicySet, PolicyPathError } from '../../semantics/index.ts';
import { FORMATS, renderJson, renderSarif, renderText, shouldColor, summaryLine, type DiagnosticFormat } from '../../report/render.ts';
import { appendAll } from '../../support/arrays.ts';

export function register(program: Command, setExit: SetExit): void {
  program
    .command('check')
    .description(summary('check'))
    .argument('[paths...]', 'policy files or directories (a directory of policy-set directories checks each set)', ['policies'])
    .addOption(new Option('--format <format>', 'output format').choices([...FORMATS]).default('text'))
    .option('--watch', 're-check on every change of a .role file (Ctrl-C stops)')
    .action(async (paths: string[], opts: { format: DiagnosticFormat; watch?: boolean }) => {
      if (opts.watch) {
        const { watchAndRerun } = await import('../watch.ts');
        setExit(await watchAndRerun(paths, () => runCheck(paths, opts.format, process.stdout), { extensions: ['.role'] }));
        return;
      }
      setExit(await runCheck(paths, opts.format, process.stdout));
    });
}

export async function runCheck(
  paths: readonly string[],
  format: DiagnosticFormat,
  out: { write(s: string): unknown; isTTY?: boolean },
): Promise<number> {
  let sets: string[][];
  const diagnostics: Diagnostic[] = [];
  let fileCount = 0;
  try {
    sets = await discoverPolicySets(paths);
    for (const set of sets) {
      const result = await loadPolicySet(set);
      fileCount += result.files.length;
      appendAll(diagnostics, result.diagnostics);
    }
  } catch (e) {
    if (e instanceof PolicyPathError) {
      process.stderr.write(`rolec check: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (format === 'json') out.write(`${renderJson(diagnostics)}\n`);
  else if (format === 'sarif') out.write(`${renderSarif(diagnostics, toolVersion())}\n`);
  else {
    const text = renderText(diagnostics, readSource, { color: shouldColor(out) });
    out.write(`${text ? `${text}\n` : ''}${summaryLine(fileCount, diagnostics)}\n`);
  }
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

function readSource(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
