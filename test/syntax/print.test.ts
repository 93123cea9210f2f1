/**
 * The printer (src/syntax/print.ts): `fmt(fmt(x)) == fmt(x)` and `parse(fmt(x)) ≡ parse(x)`
 * up to positions, over generated ASTs, generated sources full of comments, and every
 * example file; comments of every kind survive in order; CRLF gives LF; files with syntax
 * errors are not formatted. Fixed seeds: failures are reproducible.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRoleFile, parseRoleFileWithComments } from '../../src/syntax/index.ts';
import { formatRoleSource, printRoleFile } from '../../src/syntax/print.ts';
import { declarations, noisy } from './print-arbitraries.ts';
import { roleFiles, strip } from './helpers.ts';

const POLICIES = path.resolve(import.meta.dirname, '../../policies');


/** Parses text that must be valid; the declarations without positions. */
function shape(text: string) {
  const { ast, diagnostics } = parseRoleFile('t.role', text);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`does not parse: ${errors.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.col} ${d.message}`).join('; ')}\n${text}`);
  return strip(ast.declarations);
}

function format(text: string): string {
  const r = formatRoleSource('t.role', text);
  if (!r.ok) throw new Error(`not formatted: ${r.diagnostics.map((d) => d.message).join('; ')}\n${text}`);
  return r.text;
}

const commentTexts = (text: string) => parseRoleFileWithComments('t.role', text.replace(/\r\n?/g, '\n')).comments.map((c) => c.text.trimEnd().replace(/\s+/g, ' '));

/** Every property below, for one source text. */
function checkFormatting(source: string): void {
  const once = format(source);
  expect(format(once)).toBe(once);
  expect(shape(once)).toEqual(shape(source));
  expect(commentTexts(once)).toEqual(commentTexts(source));
  expect(once).not.toContain('\r');
  expect(once.split('\n').every((l) => l === l.trimEnd())).toBe(true);
}

export const RUNS = { ast: 400, noisy: 300, examples: 30 };

describe('printRoleFile (ASTs built in code)', () => {
  it(`prints every generated AST so that it parses back to the same AST, in canonical layout (${RUNS.ast} runs)`, () => {
    fc.assert(
      fc.property(declarations, (decls) => {
        const text = printRoleFile(decls);
        expect(shape(text)).toEqual(strip(decls));
        expect(format(text)).toBe(text);
      }),
      { numRuns: RUNS.ast, seed: Number(process.env.ROLEC_FMT_SEED ?? 15) },
    );
  });
});

describe('formatRoleSource (source text with comments)', () => {
  it(`keeps comments of every kind in order, is idempotent and preserves the AST (${RUNS.noisy} generated sources)`, () => {
    fc.assert(
      fc.property(
        declarations.chain((decls) => noisy(printRoleFile(decls))),
        (source) => checkFormatting(source),
      ),
      { numRuns: RUNS.noisy, seed: Number(process.env.ROLEC_FMT_SEED ?? 1515) },
    );
  });

  const examples = roleFiles(POLICIES);

  it.each(examples.map((f) => [path.relative(POLICIES, f), f]))('example %s is already in canonical layout', (_rel, file) => {
    const text = readFileSync(file, 'utf8');
    expect(format(text)).toBe(text);
  });

  it(`formats every example file with noise added (comments, CRLF, spacing) back to the same AST (${RUNS.examples} runs per file)`, () => {
    for (const file of examples) {
      fc.assert(fc.property(noisy(readFileSync(file, 'utf8')), (source) => checkFormatting(source)), { numRuns: RUNS.examples, seed: Number(process.env.ROLEC_FMT_SEED ?? 7) });
    }
  });

  it('puts comments in place: leading on their own line, trailing at the end of their line', () => {
    const source = [
      '// header',
      '',
      'role a { // after the brace',
      '  /* before cluster */ cluster monitor, // after monitor',
      '    read',
      '  // inside, at the end',
      '}',
      'user "u" roles a /* inline */',
      '',
      '',
      '// last',
    ].join('\r\n');
    expect(format(source)).toBe(
      [
        '// header',
        '',
        'role a { // after the brace',
        '  /* before cluster */ cluster monitor, // after monitor',
        '    read',
        '  // inside, at the end',
        '}',
        '',
        'user "u" roles a /* inline */',
        '',
        '// last',
        '',
      ].join('\n'),
    );
  });

  it('breaks long lists and chains past 100 columns, and keeps the author’s breaks', () => {
    const many = Array.from({ length: 20 }, (_, i) => `privilege_${i}`).join(', ');
    const out = format(`role a { cluster ${many} }`);
    expect(out.split('\n').every((l) => l.length <= 100)).toBe(true);
    expect(out.split('\n')[2]).toMatch(/^ {4}privilege_/);
    const chain = format('role a {\n  where user.a == 1\n    && user.b == 2 && user.c == 3\n}\n');
    expect(chain).toBe('role a {\n  where user.a == 1\n    && user.b == 2 && user.c == 3\n}\n');
    expect(format('role a { where user.a == 1 &&\n user.b == 2 }')).toBe('role a {\n  where user.a == 1\n    && user.b == 2\n}\n');
  });

  it('adds only the parentheses the parse needs (and around a comparison under !)', () => {
    expect(format('role a { where ((a.b == 1)) && !(c.d) || !(e.f in [1, 2]) && (g.h || i.j) }')).toBe(
      'role a {\n  where a.b == 1 && !c.d || !(e.f in [1, 2]) && (g.h || i.j)\n}\n',
    );
  });

  it('does not format a file with syntax errors', () => {
    const r = formatRoleSource('bad.role', 'role a {\n  cluster\n}\n');
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toContain('E0107');
  });

  it('turns CRLF into LF and ends the file with one newline', () => {
    expect(format('role a {\r\n  cluster monitor\r\n}\r\n\r\n\r\n')).toBe('role a {\n  cluster monitor\n}\n');
    expect(format('')).toBe('');
    expect(format('// only a comment')).toBe('// only a comment\n');
  });
});
