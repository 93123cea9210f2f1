/**
 * `rolec lsp`: a Language Server (vscode-languageserver) over stdio. Diagnostics for the
 * whole policy set a file belongs to — the same codes and ranges as `rolec check` —
 * re-analysed only when a document changes, debounced per set; hover, completion, go to
 * definition, find references, document symbols, formatting (the `fmt` printer) and quick
 * fixes for did-you-mean diagnostics (features.ts).
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../diagnostics/types.ts';
import { formatRoleSource } from '../syntax/print.ts';
import { complete, definition, documentSymbols, hover, quickFixes, references, toRange } from './features.ts';
import { Workspace } from './workspace.ts';

/** Typing bursts are analysed once, this long after the last keystroke. */
export const DEBOUNCE_MS = 40;

export function startLanguageServer(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): void {
  const connection = createConnection(ProposedFeatures.all, input, output);
  const documents = new TextDocuments(TextDocument);
  const ws = new Workspace();
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** Files that got diagnostics last time, per set (to clear the ones that no longer have any). */
  const published = new Map<string, Set<string>>();
  const pathOf = (uri: string) => (uri.startsWith('file:') ? fileURLToPath(uri) : uri);

  const publish = (file: string) => {
    const set = ws.analyse(file);
    const byFile = new Map<string, LspDiagnostic[]>(set.files.map((f) => [f.path, []]));
    for (const d of set.diagnostics) byFile.get(d.span.file)?.push(toLsp(d));
    const before = published.get(set.root) ?? new Set();
    for (const f of before) if (!byFile.has(f)) byFile.set(f, []);
    published.set(set.root, new Set([...byFile].filter(([, ds]) => ds.length > 0).map(([f]) => f)));
    // The file that changed first: it is what the user is looking at.
    const order = [...byFile.keys()].sort((a, b) => Number(b === file) - Number(a === file));
    for (const f of order) void connection.sendDiagnostics({ uri: pathToFileURL(f).href, diagnostics: byFile.get(f)! });
  };

  const changed = (uri: string, text: string | undefined) => {
    const file = pathOf(uri);
    ws.setText(file, text);
    const root = ws.rootOf(file);
    clearTimeout(pending.get(root));
    pending.set(
      root,
      setTimeout(() => {
        pending.delete(root);
        publish(file);
      }, DEBOUNCE_MS),
    );
  };

  connection.onInitialize((params) => {
    const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    ws.folders = uris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['.', ' ', ','] },
      definitionProvider: true,
      referencesProvider: true,
      documentSymbolProvider: true,
      documentFormattingProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
    },
    serverInfo: { name: 'rolec' },
    };
  });
  documents.onDidOpen((e) => changed(e.document.uri, e.document.getText()));
  documents.onDidChangeContent((e) => changed(e.document.uri, e.document.getText()));
  documents.onDidClose((e) => changed(e.document.uri, undefined));
  connection.onHover((p) => hover(ws, pathOf(p.textDocument.uri), p.position));
  connection.onCompletion((p) => complete(ws, pathOf(p.textDocument.uri), p.position));
  connection.onDefinition((p) => definition(ws, pathOf(p.textDocument.uri), p.position));
  connection.onReferences((p) => references(ws, pathOf(p.textDocument.uri), p.position, p.context.includeDeclaration));
  connection.onDocumentSymbol((p) => documentSymbols(ws, pathOf(p.textDocument.uri)));
  connection.onCodeAction((p) => quickFixes(ws, pathOf(p.textDocument.uri), p.textDocument.uri, p.context.diagnostics));
  connection.onDocumentFormatting((p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    const text = doc.getText();
    const result = formatRoleSource(pathOf(p.textDocument.uri), text);
    if (!result.ok || result.text === text) return [];
    return [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) }, newText: result.text }];
  });
  documents.listen(connection);
  connection.listen();
}

function toLsp(d: Diagnostic): LspDiagnostic {
  return { range: toRange(d.span), severity: d.severity === 'error' ? 1 : 2, code: d.code, source: 'rolec', message: d.message };
}
