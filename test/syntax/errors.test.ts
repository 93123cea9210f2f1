/**
 * Negative corpus: every file under corpus/ is malformed; the test pins the exact list
 * of diagnostics (code and line:col) the parser reports for it — nothing more, nothing
 * less — and that each still yields an AST without throwing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRoleFile, SYNTAX_CODES } from '../../src/syntax/index.ts';

const CORPUS = new URL('./corpus/', import.meta.url);

const EXPECTED: Record<string, string[]> = {
  'application-without-resources': ['E0112 2:3'],
  'assign-bad-scope': ['E0107 1:35'],
  'assign-missing-scope': ['E0109 2:1'],
  'assignment-id-not-string': ['E0106 1:6'],
  'assignment-missing-roles-keyword': ['E0106 1:13'],
  'attribute-of-literal': ['E0122 2:15'],
  'bad-escape': ['E0103 2:19'],
  'bad-unicode-escape': ['E0103 1:8'],
  'chained-comparison': ['E0110 2:26'],
  'control-char-in-string': ['E0121 2:17'],
  'deny-for-missing-target': ['E0107 1:12', 'E0106 1:22'],
  'deny-index-block-form': ['E0106 2:13', 'E0108 3:1'],
  'deny-two-conditions': ['E0111 4:3'],
  'deny-two-targets': ['E0113 3:3'],
  'deny-without-target': ['E0112 1:1'],
  'duplicate-description': ['E0111 3:3'],
  'duplicate-privileges': ['E0111 4:5'],
  'empty-set-in-literal-position': ['E0107 2:17'],
  'index-without-privileges': ['E0112 2:3'],
  'integer-too-large': ['E0105 2:17'],
  'ip-not-string': ['E0120 2:32'],
  'junk-at-top-level': ['E0108 2:1'],
  'keyword-as-literal': ['E0107 3:1'],
  'like-needs-string': ['E0123 2:21'],
  'mapping-without-roles': ['E0112 1:1'],
  'method-arity': ['E0117 2:27'],
  'missing-lbrace': ['E0106 2:3'],
  'missing-operand': ['E0107 3:1'],
  'missing-rbrace': ['E0109 3:1'],
  'missing-role-name': ['E0106 1:6'],
  'missing-type': ['E0106 2:13'],
  'negative-integer-too-small': ['E0105 1:25'],
  'pattern-not-string': ['E0106 2:9', 'E0101 2:13'],
  'single-equals': ['E0124 2:16'],
  'stray-rbrace': ['E0108 1:28'],
  'too-deep': ['E0119 2:73'],
  'trailing-comma-privileges': ['E0107 3:1'],
  'unclosed-paren': ['E0106 3:1'],
  'unexpected-char': ['E0101 2:19', 'E0106 2:21'],
  'unknown-function': ['E0118 2:19'],
  'unknown-method': ['E0106 2:19'],
  'unknown-role-clause': ['E0106 2:3'],
  'unknown-schema-block': ['E0115 2:3'],
  'unknown-type': ['E0114 2:13'],
  'unterminated-comment': ['E0104 2:1'],
  'unterminated-string': ['E0102 2:15'],
};

const at = (d: { code: string; span: { start: { line: number; col: number } } }) => `${d.code} ${d.span.start.line}:${d.span.start.col}`;

describe('negative corpus', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.role')).sort();

  it('has at least 30 files, each with an expectation', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(files.map((f) => f.replace(/\.role$/, ''))).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const f of files) {
    it(f, () => {
      const text = readFileSync(new URL(f, CORPUS), 'utf8');
      const { ast, diagnostics } = parseRoleFile(`corpus/${f}`, text);
      expect(diagnostics.map(at)).toEqual(EXPECTED[f.replace(/\.role$/, '')]);
      expect(ast.kind).toBe('file');
      for (const d of diagnostics) {
        expect(d.severity).toBe('error');
        expect(d.span.file).toBe(`corpus/${f}`);
        expect(Object.keys(SYNTAX_CODES)).toContain(d.code);
        expect(d.message).not.toMatch(/\n|\.$/);
      }
    });
  }
});

describe('several independent errors in one file', () => {
  const text = [
    'schema {', //                                     1
    '  user { dept: Strng }', //                        2  E0114 2:16
    '}', //                                            3
    'role a {', //                                     4
    '  clusterr monitor', //                           5  E0106 5:3
    '}', //                                            6
    'role b {', //                                     7
    '  description "bad \\q escape"', //                8  E0103 8:20
    '  index "x" { fields grant "*" }', //             9  E0112 9:3
    '}', //                                            10
    'role c { where user.a == 1 == 2 }', //            11 E0110 11:28
    'user "u" roles a, b', //                          12 (valid)
    'deny d { cluster all run_as "x" }', //            13 E0113 13:22
    'mapping m { when x.isEmpty(1) }', //              14 E0117 14:27, E0112 14:1
    'assign user "j" cloud.admin on galaxy', //         15 E0107 15:32
    'role e { metadata { n: 99999999999999999999 } }', // 16 E0105 16:24
  ].join('\n');

  it('reports every error, in order, and keeps the valid declarations', () => {
    const { ast, diagnostics } = parseRoleFile('multi.role', text);
    expect(diagnostics.map(at)).toEqual([
      'E0114 2:16',
      'E0106 5:3',
      'E0103 8:20',
      'E0112 9:3',
      'E0110 11:28',
      'E0113 13:22',
      'E0112 14:1',
      'E0117 14:27',
      'E0107 15:32',
      'E0105 16:24',
    ]);
    const names = ast.declarations.map((d) => ('name' in d ? `${d.kind}:${d.name.text}` : d.kind));
    expect(names).toEqual(['schema', 'role:a', 'role:b', 'role:c', 'assignment', 'deny:d', 'mapping:m', 'assign', 'role:e']);
  });
});

describe('codes table', () => {
  it('defines unique E01xx codes with one-line titles', () => {
    for (const [code, title] of Object.entries(SYNTAX_CODES)) {
      expect(code).toMatch(/^E01\d\d$/);
      expect(title.length).toBeGreaterThan(5);
      expect(title).not.toMatch(/\n/);
    }
  });
});
