/**
 * `rolec import elasticsearch FILE… [--mappings FILE…] [--out DIR] [--name N] [--keep-going]`:
 * Elasticsearch role descriptors and role mappings → a formatted `.role` policy set
 * (schema.role, roles.role, mappings.role), printed by the one `.role` printer. Without
 * `--out` the files go to stdout. The printed set is checked before anything is written:
 * an imported set that does not compile is a rolec bug and writes nothing.
 * Exit 0 (warnings allowed), 1 on import errors, 2 on usage errors.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { summary, type SetExit } from './index.ts';
import { importElasticsearch, type ImportSource } from '../../interop/elasticsearch/import.ts';
import { formatImportDiagnostic } from '../../interop/elasticsearch/diagnostics.ts';
import { printRoleFile } from '../../syntax/print.ts';
import { checkSources } from '../../semantics/index.ts';

interface ImportOptions {
  mappings?: string[];
  out?: string;
  name?: string;
  keepGoing?: boolean;
}

export function register(program: Command, setExit: SetExit): void {
  program
    .command('import')
    .description(summary('import'))
    .argument('<source>', 'what to import from: elasticsearch')
    .argument('[files...]', 'role descriptors: GET /_security/role JSON, roles.yml, or one PUT body with --name')
    .option('--mappings <files...>', 'role mappings: GET /_security/role_mapping JSON/YAML, or role_mapping.yml')
    .option('--out <dir>', 'directory to write schema.role, roles.role, mappings.role (default: print to stdout)')
    .option('--name <name>', 'the roles file is one PUT /_security/role/<name> body with this name')
    .option('--keep-going', 'write what imports; leave out (whole) each descriptor or mapping with an error')
    .action(async (source: string, files: string[], opts: ImportOptions) => {
      setExit(await runImport(source, files, opts, process.stdout, process.stderr));
    });
}

type Out = { write(s: string): unknown };

export async function runImport(source: string, files: readonly string[], opts: ImportOptions, stdout: Out, stderr: Out): Promise<number> {
  if (source !== 'elasticsearch') {
    stderr.write(`rolec import: unknown source '${source}' (known: elasticsearch)\n`);
    return 2;
  }
  const mappingFiles = opts.mappings ?? [];
  if (files.length === 0 && mappingFiles.length === 0) {
    stderr.write('rolec import elasticsearch: give role descriptor files and/or --mappings files\n');
    return 2;
  }
  if (opts.name !== undefined && files.length !== 1) {
    stderr.write('rolec import elasticsearch: --name needs exactly one roles file (a single PUT body)\n');
    return 2;
  }
  const read = async (paths: readonly string[]): Promise<ImportSource[] | string> => {
    const out: ImportSource[] = [];
    for (const file of paths) {
      try {
        out.push({ file, text: await readFile(file, 'utf8') });
      } catch (err) {
        return `${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`;
      }
    }
    return out;
  };
  const roles = await read(files);
  const mappings = await read(mappingFiles);
  if (typeof roles === 'string' || typeof mappings === 'string') {
    stderr.write(`rolec import elasticsearch: ${typeof roles === 'string' ? roles : mappings}\n`);
    return 2;
  }
  const outcome = importElasticsearch(roles, mappings, { ...(opts.name !== undefined ? { name: opts.name } : {}), keepGoing: opts.keepGoing ?? false });
  for (const d of outcome.diagnostics) stderr.write(`${formatImportDiagnostic(d)}\n`);
  const errors = outcome.diagnostics.filter((d) => d.severity === 'error').length;
  const counts =
    `${outcome.roles.imported.length} roles and ${outcome.mappings.imported.length} mappings imported` +
    `, ${outcome.roles.rejected.length} roles and ${outcome.mappings.rejected.length} mappings rejected` +
    (outcome.mappings.skipped.length ? `, ${outcome.mappings.skipped.length} disabled mappings skipped` : '');
  if (outcome.files.length === 0 && errors > 0) {
    stderr.write(`rolec import elasticsearch: ${errors} error${errors === 1 ? '' : 's'}; nothing was written (--keep-going writes what imports)\n${counts}\n`);
    return 1;
  }
  const printed = outcome.files.map((ast) => ({ path: ast.file, text: printRoleFile(ast) }));
  const check = checkSources(printed);
  if (!check.ir) {
    stderr.write(`rolec import elasticsearch: internal error: the imported policy set does not compile:\n${check.diagnostics.map((d) => `${d.span.file}:${d.span.start.line}:${d.span.start.col}: ${d.code} ${d.message}`).join('\n')}\nnothing was written\n`);
    return 1;
  }
  if (opts.out === undefined) {
    for (const f of printed) stdout.write(`// ---- ${f.path}\n${f.text}`);
  } else {
    await mkdir(opts.out, { recursive: true });
    for (const f of printed) await writeFile(join(opts.out, f.path), f.text);
    stdout.write(`wrote ${printed.map((f) => join(opts.out!, f.path)).join(', ')}\n`);
  }
  stderr.write(`${counts}\n`);
  return errors > 0 ? 1 : 0;
}
