import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../../src/diagnostics/types.ts';
import { renderJson, renderSarif, renderText, shouldColor, summaryLine } from '../../src/report/render.ts';
import { checkSources } from '../../src/semantics/index.ts';

const src = 'role a {\n  cluster monitr\n}\n';
const diag: Diagnostic = {
  code: 'E0301',
  severity: 'error',
  message: 'unknown cluster privilege `monitr`',
  span: { file: 'p/a.role', start: { line: 2, col: 11, offset: 19 }, end: { line: 2, col: 17, offset: 25 } },
};
const lookup = (f: string) => (f === 'p/a.role' ? src : undefined);

describe('text rendering', () => {
  it('prints file:line:col, code, the line and a caret under the span', () => {
    expect(renderText([diag], lookup, { color: false })).toBe(
      ['p/a.role:2:11: error[E0301]: unknown cluster privilege `monitr`', '2 |   cluster monitr', '  |           ^~~~~~'].join('\n'),
    );
  });

  it('puts the caret under the right column with tabs and wide gutters, at least one char wide', () => {
    const text = `${'\n'.repeat(99)}\trole x { cluster zz }`;
    const d: Diagnostic = { ...diag, severity: 'warning', code: 'W0202', span: { file: 'f', start: { line: 100, col: 19, offset: 0 }, end: { line: 100, col: 19, offset: 0 } } };
    const out = renderText([d], () => text, { color: false }).split('\n');
    expect(out[0]).toBe('f:100:19: warning[W0202]: unknown cluster privilege `monitr`');
    expect(out[1]).toBe('100 | \trole x { cluster zz }');
    expect(out[2]).toBe('    | \t                 ^');
    expect(out[2]!.indexOf('^') - 6).toBe(out[1]!.indexOf('zz') - 6);
  });

  it('spans over several lines underline to the end of the first line', () => {
    const d: Diagnostic = { ...diag, span: { ...diag.span, end: { line: 3, col: 2, offset: 28 } } };
    expect(renderText([d], lookup, { color: false }).split('\n')[2]).toBe('  |           ^~~~~~');
  });

  it('without the source it prints only the header', () => {
    expect(renderText([diag], () => undefined, { color: false })).toBe('p/a.role:2:11: error[E0301]: unknown cluster privilege `monitr`');
  });

  it('colours only when asked; asks only on a TTY without NO_COLOR', () => {
    expect(renderText([diag], lookup, { color: false })).not.toMatch(/\u001b\[/);
    expect(renderText([diag], lookup, { color: true })).toMatch(/\u001b\[1;31merror\[E0301\]/);
    expect(shouldColor({ isTTY: false }, {})).toBe(false);
    expect(shouldColor({}, {})).toBe(false);
    expect(shouldColor({ isTTY: true }, {})).toBe(true);
    expect(shouldColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
  });

  it('renders real analyser output with the caret under the offending privilege', () => {
    const { diagnostics } = checkSources([{ path: 'p/a.role', text: src }]);
    const out = renderText(diagnostics, lookup, { color: false }).split('\n');
    expect(out[0]).toMatch(/^p\/a\.role:2:11: error\[E0301\]: unknown cluster privilege `monitr` \(did you mean `monitor`\?\)$/);
    expect(out[2]).toBe('  |           ^~~~~~');
  });

  it('summarises with plurals', () => {
    expect(summaryLine(1, [])).toBe('checked 1 file: 0 errors, 0 warnings');
    expect(summaryLine(3, [diag, { ...diag, severity: 'warning' }])).toBe('checked 3 files: 1 error, 1 warning');
  });
});

describe('machine formats', () => {
  it('json is the array of diagnostics', () => {
    expect(JSON.parse(renderJson([diag]))).toEqual([diag]);
    expect(JSON.parse(renderJson([]))).toEqual([]);
  });

  it('sarif is a minimal valid 2.1.0 log', () => {
    const log = JSON.parse(renderSarif([diag, { ...diag, code: 'W0201', severity: 'warning' }], '0.1.0'));
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    const run = log.runs[0];
    expect(run.tool.driver).toMatchObject({ name: 'rolec', version: '0.1.0' });
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['E0301', 'W0201']);
    expect(run.tool.driver.rules[0].shortDescription.text).toBe('unknown privilege');
    expect(run.results[0]).toEqual({
      ruleId: 'E0301',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'unknown cluster privilege `monitr`' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'p/a.role' }, region: { startLine: 2, startColumn: 11, endLine: 2, endColumn: 17 } } }],
    });
    expect(run.results[1]).toMatchObject({ ruleIndex: 1, level: 'warning' });
  });
});

describe('generated docs', () => {
  it('docs/diagnostics.md and docs/privileges.md are in sync with the code tables and the catalog', async () => {
    const { GENERATED, withSection } = await import('../../src/report/gen-docs.ts');
    for (const [name, g] of Object.entries(GENERATED)) {
      const doc = readFileSync(new URL(`../../${g.file}`, import.meta.url), 'utf8');
      expect(doc, `${g.file} is stale: run npx tsx src/report/gen-docs.ts`).toBe(withSection(doc, name, g.content()));
    }
  });

  it('the codes table lists every syntax and semantic code', async () => {
    const { SYNTAX_CODES } = await import('../../src/syntax/codes.ts');
    const { SEMANTIC_CODES } = await import('../../src/semantics/codes.ts');
    const doc = readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');
    for (const code of [...Object.keys(SYNTAX_CODES), ...Object.keys(SEMANTIC_CODES)]) expect(doc).toContain(`| \`${code}\` |`);
  });
});
