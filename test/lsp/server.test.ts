/**
 * `rolec lsp` driven as an editor would: a real server process, a real JSON-RPC client
 * over stdio. One server for the whole file (a spawn is slow on a loaded machine).
 */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient } from './client.ts';

const POLICIES = path.resolve(import.meta.dirname, '../../policies/observability');

let client: LspClient;
let dir: string;
const uri = (f: string) => pathToFileURL(path.join(dir, f)).href;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rolec-lsp-'));
  cpSync(POLICIES, dir, { recursive: true });
  client = new LspClient();
  const init = await client.initialize(dir);
  expect(init.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, referencesProvider: true, documentFormattingProvider: true });
});

afterAll(async () => {
  await client?.close();
});

describe('rolec lsp', () => {
  const file = 'extra.role';
  const broken = 'role auditor includes logs_reader {\n  cluster monitr\n}\nuser "zoe" roles auditor, analyst\n';
  const fixed = 'role auditor includes logs_reader {\n  cluster monitor\n}\nuser "zoe" roles auditor, analyst\n';

  it('publishes the set’s diagnostics on open (codes and ranges of rolec check) and clears them when fixed', async () => {
    const first = client.diagnostics(uri(file));
    await client.open(uri(file), broken);
    const d = await first;
    expect(d.diagnostics).toHaveLength(1);
    expect(d.diagnostics[0]).toMatchObject({ code: 'E0301', source: 'rolec', severity: 1, range: { start: { line: 1, character: 10 }, end: { line: 1, character: 16 } } });
    expect(d.diagnostics[0]!.message).toContain('did you mean `monitor`?');

    const fix = await client.request<{ title: string; edit: { changes: Record<string, { newText: string }[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri: uri(file) },
      range: d.diagnostics[0]!.range,
      context: { diagnostics: d.diagnostics },
    });
    expect(fix[0]!.title).toBe('Change to `monitor`');
    expect(fix[0]!.edit.changes[uri(file)]![0]!.newText).toBe('monitor');

    const cleared = client.diagnostics(uri(file));
    await client.change(uri(file), fixed);
    expect((await cleared).diagnostics).toEqual([]);
  });

  it('analyses the file with the rest of its set (roles defined in other files)', async () => {
    await client.change(uri(file), fixed.replace('includes logs_reader', 'includes logs_readr'));
    const mine = await client.diagnostics(uri(file), (p) => p.diagnostics.length > 0);
    expect(mine.diagnostics.map((x) => x.code)).toEqual(['E0205']);
    await client.change(uri(file), fixed.replace('role auditor', 'role auditor2'));
    const elsewhere = await client.diagnostics(uri(file), (p) => p.diagnostics.some((x) => x.code === 'E0205'));
    expect(elsewhere.diagnostics[0]!.message).toContain('undefined role `auditor`');
    const clean = client.diagnostics(uri(file), (p) => p.diagnostics.length === 0);
    await client.change(uri(file), fixed);
    await clean;
  });

  it('hovers a privilege (what it implies, what implies it), a role and an attribute', async () => {
    const roles = readFileSync(path.join(dir, 'roles.role'), 'utf8');
    await client.open(uri('roles.role'), roles.replace('cluster monitor\n}', 'cluster manage\n}'));
    const h = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: uri('roles.role') }, position: { line: 5, character: 12 } });
    expect(h.contents.value).toContain('**cluster privilege** `manage`');
    expect(h.contents.value).toMatch(/\*\*Implies:\*\* .*`monitor`/);
    expect(h.contents.value).toMatch(/\*\*Implied by:\*\* .*`all`/);

    const role = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: uri(file) }, position: { line: 0, character: 24 } });
    expect(role.contents.value).toContain('**role** `logs_reader`');
    expect(role.contents.value).toContain('documents where document.department == user.department');

    const attr = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: uri('roles.role') }, position: { line: 14, character: 25 } });
    expect(attr.contents.value).toBe('`document.department: String`');
  });

  it('completes privileges for the context, role names, attributes and keywords', async () => {
    const text = 'role r {\n  cluster mon\n  index "x" privileges re\n}\nuser "u" roles \nmapping m { roles r; when user. }\n';
    await client.open(uri('complete.role'), text);
    const at = async (line: number, character: number) =>
      (await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: uri('complete.role') }, position: { line, character } })).map((i) => i.label);
    const cluster = await at(1, 13);
    expect(cluster).toContain('monitor');
    expect(cluster).toContain('manage_security');
    expect(cluster).not.toContain('view_index_metadata');
    const index = await at(2, 25);
    expect(index).toContain('view_index_metadata');
    expect(index).not.toContain('manage_security');
    const roles = await at(4, 15);
    expect(roles).toContain('logs_reader');
    expect(roles).toContain('superuser');
    const attrs = await at(5, 31);
    expect(attrs).toEqual(expect.arrayContaining(['department', 'clearance', 'email']));
    const keywords = await at(3, 1);
    expect(keywords).toContain('role');
  });

  it('goes to the definition of a role and finds its references', async () => {
    const def = await client.request<{ uri: string; range: { start: { line: number } } }>('textDocument/definition', { textDocument: { uri: uri(file) }, position: { line: 0, character: 24 } });
    expect(def.uri).toBe(uri('roles.role'));
    expect(def.range.start.line).toBe(8);
    const refs = await client.request<{ uri: string }[]>('textDocument/references', { textDocument: { uri: uri('roles.role') }, position: { line: 8, character: 7 }, context: { includeDeclaration: true } });
    const files = refs.map((r) => path.basename(new URL(r.uri).pathname)).sort();
    expect(files).toEqual(['access.role', 'access.role', 'ingest.role', 'roles.role', 'roles.role', 'extra.role'].sort());
  });

  it('lists document symbols and formats with the fmt printer', async () => {
    const symbols = await client.request<{ name: string; kind: number }[]>('textDocument/documentSymbol', { textDocument: { uri: uri(file) } });
    expect(symbols.map((s) => s.name)).toEqual(['auditor', 'user "zoe"']);
    const edits = await client.request<{ newText: string }[]>('textDocument/formatting', { textDocument: { uri: uri('complete.role') }, options: { tabSize: 2, insertSpaces: true } });
    expect(edits).toEqual([]); // the file has syntax errors: not formatted
    await client.change(uri('complete.role'), 'role   r{cluster monitor}');
    const formatted = await client.request<{ newText: string }[]>('textDocument/formatting', { textDocument: { uri: uri('complete.role') }, options: { tabSize: 2, insertSpaces: true } });
    expect(formatted[0]!.newText).toBe('role r {\n  cluster monitor\n}\n');
  });
});
