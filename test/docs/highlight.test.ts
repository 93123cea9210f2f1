/**
 * The docs and README show `.role` examples highlighted by shiki with the editor's TextMate
 * grammar (scripts/docs-html.ts), and those examples stay real: every ```role block that is
 * not a sketch (no `…`) parses and is already in the canonical layout.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { docPages, renderMarkdown, roleHighlighter } from '../../scripts/docs-html.ts';
import { formatRoleSource } from '../../src/syntax/print.ts';

const roleBlocks = (md: string) => [...md.matchAll(/^( *)```role\n([\s\S]*?)^\1```$/gm)].map((m) => m[2]!.replace(new RegExp(`^${m[1]}`, 'gm'), ''));

describe('highlighted .role examples in the docs', () => {
  const pages = docPages().map((p) => ({ name: path.basename(p), text: readFileSync(p, 'utf8') }));

  it('README.md and docs/language.md have ```role examples', () => {
    for (const name of ['README.md', 'language.md']) expect(roleBlocks(pages.find((p) => p.name === name)!.text).length).toBeGreaterThan(0);
  });

  it('renders ```role blocks with the TextMate grammar’s scopes (keywords, privileges, strings, comments coloured)', async () => {
    const hl = await roleHighlighter();
    const tokens = hl.codeToTokensBase('role a {\n  cluster monitor // why\n  run_as "svc-*"\n}', { lang: 'role', theme: 'github-light', includeExplanation: true }).flat();
    const scopeOf = (text: string) => tokens.find((t) => t.content.trim() === text)?.explanation?.flatMap((e) => e.scopes.map((s) => s.scopeName)) ?? [];
    expect(scopeOf('role')).toContain('storage.type.role.role');
    expect(scopeOf('monitor')).toContain('support.constant.privilege.role');
    expect(scopeOf('// why')).toContain('comment.line.double-slash.role');
    const colour = (text: string) => tokens.find((t) => t.content.trim() === text)?.color;
    expect(new Set([colour('role'), colour('monitor'), colour('// why'), colour('a')]).size).toBe(4);

    const readme = await renderMarkdown(pages.find((p) => p.name === 'README.md')!.text, 'README');
    expect(readme).toContain('<pre class="shiki');
    expect(readme).toMatch(/<span style="color:#[0-9A-Fa-f]{6}">role<\/span>/);
  });

  it('every complete ```role example parses and is in canonical layout', () => {
    for (const page of pages) {
      for (const block of roleBlocks(page.text)) {
        if (block.includes('…')) continue; // a sketch of the syntax, not a policy
        const r = formatRoleSource(page.name, block);
        expect(r.ok, `${page.name}: ${block}`).toBe(true);
        if (r.ok) expect(r.text).toBe(block);
      }
    }
  });
});
