/**
 * `rolec lsp --stdio`: the language server (src/lsp), for editors. It speaks LSP over
 * stdin/stdout; vscode-languageserver is loaded only here.
 */
import type { Command } from 'commander';
import { summary, type SetExit } from './index.ts';

export function register(program: Command, _setExit: SetExit): void {
  program
    .command('lsp')
    .description(summary('lsp'))
    .option('--stdio', 'talk LSP over stdin/stdout (the only transport)', true)
    .action(async () => {
      const { startLanguageServer } = await import('../../lsp/server.ts');
      startLanguageServer(process.stdin, process.stdout);
      // Runs until the client exits it (the `exit` notification ends the process).
      await new Promise<never>(() => {});
    });
}
