/**
 * `rolec inspect DIR|BUNDLE.tar.gz [--verification-key FILE] [--format json]`: what a built
 * bundle is and whether it holds together (like `opa inspect`) — versions, sources, files
 * with hashes and whether each matches manifest.json, Rego revision and entrypoints, and
 * each signature with its claims, verified when a key is given. Exit 0 when everything
 * checks out, 1 when a file or a signature does not, 2 on usage errors.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import { summary, type SetExit } from './index.ts';
import { formatReport, inspectBundle } from '../../bundle/inspect.ts';
import { bundleFiles } from '../../runtime/bundle-input.ts';
import { readTree } from '../../runtime/node.ts';

interface InspectOptions {
  verificationKey?: string;
  keyId?: string;
  scope?: string;
  format: 'text' | 'json';
}

export function register(program: Command, setExit: SetExit): void {
  program
    .command('inspect')
    .description(summary('inspect'))
    .argument('<bundle>', 'a built policy-set directory, its .tar.gz, or a Rego bundle.tar.gz')
    .option('--verification-key <file>', 'PEM public key (or HMAC secret file) to verify manifest.sig and .signatures.json')
    .option('--key-id <id>', 'expected key id')
    .option('--scope <scope>', 'expected signature scope')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (bundle: string, opts: InspectOptions) => {
      setExit(await runInspect(bundle, opts));
    });
}

export async function runInspect(bundle: string, opts: InspectOptions): Promise<number> {
  let files: Map<string, Uint8Array>;
  let key: string | undefined;
  try {
    files = statSync(bundle).isDirectory() ? await readTree(bundle) : bundleFiles(new Uint8Array(readFileSync(bundle)));
    if (opts.verificationKey) key = readFileSync(opts.verificationKey, 'utf8');
  } catch (e) {
    process.stderr.write(`rolec inspect: ${(e as NodeJS.ErrnoException).code ? `${(e as NodeJS.ErrnoException).path ?? bundle}: ${(e as NodeJS.ErrnoException).code}` : (e as Error).message}\n`);
    return 2;
  }
  const report = await inspectBundle(files, { ...(key !== undefined ? { key } : {}), ...(opts.keyId ? { keyId: opts.keyId } : {}), ...(opts.scope !== undefined ? { scope: opts.scope } : {}) });
  process.stdout.write(opts.format === 'json' ? `${JSON.stringify({ bundle, ...report }, null, 2)}\n` : formatReport(basename(bundle), report));
  return report.ok ? 0 : 1;
}
