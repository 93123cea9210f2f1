/**
 * `npm run docs`: renders README.md and docs/*.md to HTML in build/docs/, with ```role code
 * blocks highlighted by shiki using the editor's own TextMate grammar
 * (editors/vscode/syntaxes/role.tmLanguage.json) — one grammar for VS Code and the docs.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Marked } from 'marked';
import { createHighlighter, type HighlighterGeneric, type LanguageRegistration } from 'shiki';

/** Languages by name (`role` is not one of shiki's bundled ones). */
export type RoleHighlighter = HighlighterGeneric<string, string>;

const ROOT = path.resolve(import.meta.dirname, '..');
export const ROLE_GRAMMAR = path.join(ROOT, 'editors/vscode/syntaxes/role.tmLanguage.json');
const THEME = 'github-light';

let highlighter: Promise<RoleHighlighter> | undefined;

/** shiki with the `role` language from the editor grammar (and a few common ones). */
export function roleHighlighter(): Promise<RoleHighlighter> {
  const grammar = JSON.parse(readFileSync(ROLE_GRAMMAR, 'utf8')) as LanguageRegistration;
  highlighter ??= createHighlighter({ themes: [THEME], langs: [{ ...grammar, name: 'role', aliases: ['rolec'] }, 'json', 'yaml', 'ts', 'sh'] }) as Promise<RoleHighlighter>;
  return highlighter;
}

/** Markdown → an HTML page; fenced code in a known language is highlighted. */
export async function renderMarkdown(markdown: string, title: string): Promise<string> {
  const hl = await roleHighlighter();
  const known = new Set(hl.getLoadedLanguages());
  const marked = new Marked({
    renderer: {
      code({ text, lang }) {
        const l = (lang ?? '').trim();
        return known.has(l) ? hl.codeToHtml(text, { lang: l, theme: THEME }) : `<pre><code>${escapeHtml(text)}</code></pre>`;
      },
    },
  });
  const body = await marked.parse(markdown);
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body>\n${body}</body></html>\n`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The pages: README.md and docs/*.md. */
export function docPages(): string[] {
  return [path.join(ROOT, 'README.md'), ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => path.join(ROOT, 'docs', f))];
}

async function main(): Promise<void> {
  const out = path.join(ROOT, 'build/docs');
  mkdirSync(out, { recursive: true });
  for (const page of docPages()) {
    const name = path.basename(page, '.md');
    const html = await renderMarkdown(readFileSync(page, 'utf8'), name);
    writeFileSync(path.join(out, `${name}.html`), html.replace(/href="([^"#:]+)\.md(#[^"]*)?"/g, 'href="$1.html$2"'));
  }
  console.log(`docs: ${docPages().length} pages in ${path.relative(ROOT, out)}/`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) await main();
