/**
 * `rolec fmt [PATHS…] [--check] [--write] [--diff]`: the canonical layout of `.role` files
 * (docs/language.md, "Canonical layout"), comments kept. By default prints the formatted
 * text; `--write` rewrites files that change; `--check` lists them and exits 1; `--diff`
 * prints a unified diff. A file with syntax errors is never formatted: its diagnostics go
 * to stderr and the exit code is 1. Directories are searched for `.role` files.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { summary, type SetExit } from './index.ts';

interface FmtOptions {
  check?: boolean;
  write?: boolean;
  diff?: boolean;
}

export function register(program: Command, setExit: SetExit): void {
  program
    .command('fmt')
    .description(summary('fmt'))
    .argument('[paths...]', 'policy files or directories', ['policies'])
    .option('--check', 'list files whose layout differs; exit 1 if any')
    .option('--write', 'rewrite files in place')
    .option('--diff', 'print a unified diff instead of the formatted text')
    .action(async (paths: string[], opts: FmtOptions) => {
      setExit(await runFmt(paths, opts, process.stdout, process.stderr));
    });
}

type Out = { write(s: string): unknown; isTTY?: boolean };

export async function runFmt(paths: readonly string[], opts: FmtOptions, out: Out, err: Out): Promise<number> {
  const { listRoleFiles, PolicyPathError } = await import('../../semantics/index.ts');
  const { formatRoleSource } = await import('../../syntax/print.ts');
  let files: string[];
  try {
    files = await listRoleFiles(paths);
  } catch (e) {
    if (e instanceof PolicyPathError) {
      err.write(`rolec fmt: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  let code = 0;
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    const result = formatRoleSource(file, text);
    if (!result.ok) {
      const { renderText, shouldColor } = await import('../../report/render.ts');
      err.write(`${renderText(result.diagnostics, (f) => (f === file ? text : undefined), { color: shouldColor(err) })}\n`);
      err.write(`rolec fmt: ${file}: not formatted (syntax errors)\n`);
      code = 1;
      continue;
    }
    const changed = result.text !== text;
    if (opts.diff && changed) {
      const { createTwoFilesPatch } = await import('diff');
      out.write(createTwoFilesPatch(file, file, text, result.text, '', '', { context: 3 }));
    }
    if (opts.check && changed) {
      if (!opts.diff) out.write(`${file}\n`);
      code = 1;
    }
    if (opts.write && changed) await writeFile(file, result.text);
    if (!opts.check && !opts.write && !opts.diff) out.write(result.text);
  }
  return code;
}
