/**
 * The registered subcommands, one module each, loaded lazily: a run imports only the
 * module of the command it runs (so `rolec --help` and `rolec check` never load the
 * engines). Add one entry per new command; the module exports `register(program, setExit)`
 * and takes its description from {@link summary}.
 */
import type { Command } from 'commander';

export type SetExit = (code: number) => void;
export type RegisterCommand = (program: Command, setExit: SetExit) => void;

export interface CommandEntry {
  name: string;
  /** Arguments as commander writes them, for the top-level help listing. */
  args: string;
  summary: string;
  load: () => Promise<{ register: RegisterCommand }>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'check', args: '[paths...]', summary: 'parse and analyse .role policy sets; print diagnostics (exit 1 on errors)', load: () => import('./check.ts') },
  { name: 'wasm', args: '<files...>', summary: 'compile Rego files to an OPA-compatible policy.wasm (like `opa build -t wasm -e PATH`, without Go)', load: () => import('./wasm.ts') },
  { name: 'build', args: '[paths...]', summary: 'compile policy sets to deployable bundles (nothing is written if there is any error)', load: () => import('./build.ts') },
  { name: 'eval', args: '', summary: 'evaluate one request on the engines and show the deciding DSL rules', load: () => import('./eval.ts') },
  { name: 'test', args: '[fixtures...]', summary: 'run fixture cases on both engines; check expectations and Cedar/Rego agreement', load: () => import('./test.ts') },
  { name: 'inspect', args: '<bundle>', summary: 'show what a built bundle holds: versions, files and hashes, Rego revision, signatures (verified with --verification-key)', load: () => import('./inspect.ts') },
  { name: 'fuzz', args: '', summary: 'generate requests, run both engines, shrink every disagreement to a minimal fixture', load: () => import('./fuzz.ts') },
  { name: 'fmt', args: '[paths...]', summary: 'format .role files in the canonical layout (comments kept)', load: () => import('./fmt.ts') },
  { name: 'lsp', args: '', summary: 'run the language server over stdio (for editors)', load: () => import('./lsp.ts') },
  { name: 'import', args: '<source> [files...]', summary: 'import Elasticsearch role descriptors and role mappings as a .role policy set', load: () => import('./import.ts') },
  { name: 'verify', args: '[paths...]', summary: 'prove the policy set\'s targets decide like its DSL (and its asserts) for every request with Z3, or give a replayed counterexample', load: () => import('./verify.ts') },
  { name: 'diff', args: '<args...>', summary: 'what a new version of a policy set newly allows and denies, with witness requests replayed on both engines', load: () => import('./diff.ts') },
];

/** The one-line description of a command (shown by `rolec --help` and `rolec NAME --help`). */
export function summary(name: string): string {
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) throw new Error(`no command ${name} in src/cli/commands/index.ts`);
  return entry.summary;
}

/** The subcommand a command line runs (`rolec help NAME` asks for NAME), if any. */
export function commandNamed(args: readonly string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}
