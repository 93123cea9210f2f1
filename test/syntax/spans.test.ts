/**
 * Spans are what semantic errors point at: every name, string, privilege and
 * declaration span must cover exactly its source text.
 */
import { describe, expect, it } from 'vitest';
import { parseRoleFile } from '../../src/syntax/index.ts';
import { REFERENCE_EXAMPLE } from './helpers.ts';
import { allSpans, checkSpan, lineStarts } from './positions.ts';

type Spanned = { span: { start: { offset: number }; end: { offset: number } } };

/** Walks the AST and yields every object that has a `span`, with the key it was under. */
function* spanned(value: unknown, key = ''): Generator<[string, Record<string, unknown> & Spanned]> {
  if (Array.isArray(value)) for (const v of value) yield* spanned(v, key);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o['span']) yield [key, o as Record<string, unknown> & Spanned];
    for (const [k, v] of Object.entries(o)) if (k !== 'span') yield* spanned(v, k);
  }
}

const text = REFERENCE_EXAMPLE;
const { ast } = parseRoleFile('ref.role', text);
const slice = (s: Spanned) => text.slice(s.span.start.offset, s.span.end.offset);

describe('spans', () => {
  it('every span of the reference example has consistent line/col/offset', () => {
    const starts = lineStarts(text);
    const spans = allSpans(ast);
    expect(spans.length).toBeGreaterThan(100);
    for (const s of spans) expect(checkSpan(text, starts, 'ref.role', s)).toBeUndefined();
  });

  it('names, privileges and strings cover exactly their text', () => {
    let checked = 0;
    for (const [, node] of spanned(ast.declarations)) {
      if (typeof node['text'] === 'string' && !('kind' in node)) {
        // Name or Privilege
        const raw = slice(node);
        expect(node['quoted'] ? JSON.parse(raw) : raw).toBe(node['text']);
        checked++;
      } else if (node['kind'] === 'string') {
        expect(JSON.parse(slice(node))).toBe(node['value']);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('declarations span from their keyword to their end', () => {
    const firstWords = ast.declarations.map((d) => slice(d).split(/\s/)[0]);
    expect(firstWords).toEqual(['schema', 'role', 'role', 'role', 'role', 'role', 'deny', 'user', 'api_key', 'group', 'mapping', 'assign', 'assign', 'assign']);
    for (const d of ast.declarations) expect(slice(d)).toMatch(/[}"a-z_]$/);
    const deny = ast.declarations[6]!;
    expect(slice(deny)).toBe('deny prod_writes_need_mfa {\n  index "prod-*" privileges write, delete\n  unless context.mfa\n}');
  });

  it('clause spans cover the clause', () => {
    const role = ast.declarations[2]!;
    if (role.kind !== 'role') throw new Error('shape');
    expect(role.clauses.map(slice)).toEqual([
      'cluster monitor',
      'index "logs-*", "metrics-*" {\n    privileges read, view_index_metadata\n    fields grant "*" except "user.ssn", "credit_card.*"\n    documents where document.department == user.department\n  }',
    ]);
    const index = role.clauses[1]!;
    if (index.kind !== 'index' || !index.fields || !index.documents) throw new Error('shape');
    expect(slice(index.fields)).toBe('fields grant "*" except "user.ssn", "credit_card.*"');
    expect(slice(index.documents)).toBe('document.department == user.department');
  });

  it('attribute declarations and types point at their text', () => {
    const schema = ast.declarations[0]!;
    if (schema.kind !== 'schema') throw new Error('shape');
    const email = schema.blocks[0]!.attributes[3]!;
    expect(slice(email)).toBe('email?: String');
    expect(slice({ span: email.typeSpan })).toBe('String');
    expect(slice({ span: schema.blocks[0]!.attributes[2]!.typeSpan })).toBe('Set<String>');
    expect(slice({ span: schema.blocks[2]!.scopeSpan })).toBe('context');
  });
});
