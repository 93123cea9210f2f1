/**
 * grammar/railroad.html is generated from the parser; this fails when the committed
 * file is stale (regenerate with `npx tsx scripts/gen-grammar.ts`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { railroadHtml } from '../../src/syntax/railroad.ts';

describe('grammar diagrams', () => {
  it('grammar/railroad.html is up to date with the parser', () => {
    const committed = readFileSync(new URL('../../grammar/railroad.html', import.meta.url), 'utf8');
    const fresh = railroadHtml();
    expect(committed === fresh, 'grammar/railroad.html is stale: run `npx tsx scripts/gen-grammar.ts`').toBe(true);
  });

  it('documents every rule of the grammar', () => {
    const html = railroadHtml();
    for (const rule of ['file', 'schemaDecl', 'roleDecl', 'indexClause', 'denyDecl', 'assignmentDecl', 'mappingDecl', 'assignDecl', 'expression', 'comparison', 'operand', 'primary']) {
      expect(html).toContain(`"name": "${rule}"`);
    }
  });
});
