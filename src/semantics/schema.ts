/**
 * The policy set's schema: all `schema` blocks of all files merged (language.md §2: the
 * schema may be split across blocks and files as long as no attribute is declared twice).
 */
import type { Span } from '../diagnostics/types.ts';
import type { AttributeIR, SchemaIR } from './ir.ts';
import type { SchemaDecl, SchemaScope } from '../syntax/ast.ts';
import { where, type Reporter } from './report.ts';

export interface SchemaLookup {
  ir: SchemaIR;
  get(scope: SchemaScope, name: string): AttributeIR | undefined;
}

export function buildSchema(decls: readonly SchemaDecl[], r: Reporter): SchemaLookup {
  const seen = new Map<string, { attr: AttributeIR; span: Span }>();
  for (const decl of decls) {
    for (const block of decl.blocks ?? []) {
      for (const a of block.attributes ?? []) {
        if (!a?.name) continue;
        const key = `${block.scope}.${a.name.text}`;
        const first = seen.get(key);
        if (first) {
          r.error('E0401', a.name.span, `attribute \`${key}\` is already declared at ${where(first.span)}`);
          continue;
        }
        seen.set(key, { attr: { name: a.name.text, type: a.type, optional: a.optional }, span: a.name.span });
      }
    }
  }
  const of = (scope: SchemaScope): AttributeIR[] =>
    [...seen.entries()]
      .filter(([k]) => k.startsWith(`${scope}.`))
      .map(([, v]) => v.attr)
      .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const ir: SchemaIR = { user: of('user'), document: of('document'), context: of('context') };
  return { ir, get: (scope, name) => seen.get(`${scope}.${name}`)?.attr };
}
