/**
 * The VS Code extension packages (`vsce package`, into a temp dir; never published): the
 * .vsix holds the manifest, the grammar, the language configuration and the bundled
 * client that starts `rolec lsp`.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { packageExtension } from '../../editors/vscode/package.mjs';

describe('VS Code extension', () => {
  it('packages into a .vsix with the grammar and the language client', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'rolec-vsix-'));
    const { vsix } = (await packageExtension(out)) as { vsix: string };
    const bytes = readFileSync(vsix);
    expect(bytes.subarray(0, 2).toString()).toBe('PK'); // a zip
    // Zip entry names are stored as is in the headers.
    const names = bytes.toString('latin1');
    for (const f of ['extension/package.json', 'extension/syntaxes/role.tmLanguage.json', 'extension/language-configuration.json', 'extension/dist/extension.js', 'extension.vsixmanifest']) {
      expect(names).toContain(f);
    }
    expect(names).not.toContain('extension/src/');
    expect(statSync(vsix).size).toBeLessThan(1_000_000);
    const manifest = JSON.parse(readFileSync(new URL('../../editors/vscode/package.json', import.meta.url), 'utf8'));
    expect(manifest.contributes.grammars[0].scopeName).toBe('source.role');
  });
});
