/**
 * The rolec VS Code extension: `.role` highlighting (syntaxes/role.tmLanguage.json), and
 * everything else from the language server `rolec lsp` — diagnostics, hover, completion,
 * navigation, formatting (on save by default), quick fixes.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** `rolec.path` if set, else the workspace's own rolec (node_modules/.bin), else `rolec` on PATH. */
function serverCommand(): string {
  const configured = vscode.workspace.getConfiguration('rolec').get<string>('path');
  if (configured) return configured;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const local = path.join(folder.uri.fsPath, 'node_modules', '.bin', process.platform === 'win32' ? 'rolec.cmd' : 'rolec');
    if (existsSync(local)) return local;
  }
  return 'rolec';
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  client = new LanguageClient(
    'rolec',
    'rolec language server',
    { command: serverCommand(), args: ['lsp'], transport: TransportKind.stdio },
    { documentSelector: [{ scheme: 'file', language: 'role' }] },
  );
  context.subscriptions.push({ dispose: () => void client?.stop() });
  await client.start();
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
