/**
 * The TextMate grammar (editors/vscode/syntaxes/role.tmLanguage.json), tokenised as VS Code
 * does (vscode-textmate + vscode-oniguruma), over every example file. What the parser
 * knows is the truth: every comment, string, keyword and catalog privilege the parser
 * sees must get the matching scope. Plus a snapshot of one file's tokens (reviewed).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { occurrencesOf } from '../../src/lsp/occurrences.ts';
import { parseRoleFileWithComments } from '../../src/syntax/index.ts';
import { KEYWORDS } from '../../src/syntax/tokens.ts';
import { roleFiles } from '../syntax/helpers.ts';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, '../..');
const GRAMMAR = path.join(ROOT, 'editors/vscode/syntaxes/role.tmLanguage.json');


let grammar: textmate.IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => (scope === 'source.role' ? textmate.parseRawGrammar(readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null),
  });
  grammar = (await registry.loadGrammar('source.role'))!;
});

interface Tok {
  line: number;
  start: number;
  end: number;
  text: string;
  scopes: string[];
}

function tokenise(text: string): Tok[] {
  let state = textmate.INITIAL;
  const out: Tok[] = [];
  text.split('\n').forEach((line, i) => {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) out.push({ line: i + 1, start: t.startIndex, end: t.endIndex, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    state = r.ruleStack;
  });
  return out;
}

/** Scopes at 1-based line, 1-based column. */
const scopesAt = (toks: Tok[], line: number, col: number) => toks.find((t) => t.line === line && t.start <= col - 1 && col - 1 < t.end)?.scopes ?? [];

const EXAMPLES = roleFiles(path.join(ROOT, 'policies'));

describe('TextMate grammar', () => {
  it.each(EXAMPLES.map((f) => [path.relative(ROOT, f), f]))('scopes comments, strings, keywords and privileges of %s as the parser reads them', (_rel, file) => {
    const text = readFileSync(file, 'utf8');
    const toks = tokenise(text);
    const { ast, comments, tokens } = parseRoleFileWithComments(file, text);
    const lineCol = (offset: number) => {
      const before = text.slice(0, offset);
      return [before.split('\n').length, offset - before.lastIndexOf('\n')] as const;
    };
    const problems: string[] = [];
    const expectScope = (offset: number, what: string, ok: (s: string) => boolean) => {
      const [l, c] = lineCol(offset);
      const scopes = scopesAt(toks, l, c);
      if (!scopes.some(ok)) problems.push(`${l}:${c} ${what}: ${scopes.join(' ')}`);
    };
    for (const c of comments) expectScope(c.start, `comment ${c.text}`, (s) => s.startsWith('comment.'));
    for (const t of tokens) {
      if (t.image.startsWith('"')) expectScope(t.start, `string ${t.image}`, (s) => s.startsWith('string.quoted.double'));
      // Keywords where they act as keywords (not as names or attribute segments).
      const prev = text[t.start - 1];
      if (KEYWORDS.has(t.image) && prev !== '.' && !['user', 'document', 'context', 'all', 'index', 'cloud'].includes(t.image)) {
        expectScope(t.start, `keyword ${t.image}`, (s) => /^(keyword|storage\.type|constant\.language)\./.test(s));
      }
    }
    for (const o of occurrencesOf(ast)) {
      if (o.kind === 'privilege' && o.family) expectScope(o.span.start.offset, `privilege ${o.name}`, (s) => s === 'support.constant.privilege.role');
      if (o.kind === 'role') expectScope(o.span.start.offset, `role name ${o.name}`, (s) => s.startsWith('entity.name.type'));
    }
    expect(problems).toEqual([]);
  });

  it('tokenises observability/roles.role as reviewed (snapshot)', () => {
    const text = readFileSync(path.join(ROOT, 'policies/observability/roles.role'), 'utf8');
    const rendered = tokenise(text)
      .filter((t) => t.text.trim() !== '')
      .map((t) => `${t.line}:${t.start} ${JSON.stringify(t.text)} ${t.scopes.slice(1).join(' ') || '-'}`);
    expect(rendered.slice(0, 120).join('\n')).toMatchSnapshot();
  });
});
