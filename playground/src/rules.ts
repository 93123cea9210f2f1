/**
 * Rule ids (`file:line:name`, see semantics/roles.ts) → the text of that rule, so that a
 * reason shown next to a decision selects the clause or declaration that made it. The
 * AST comes from rolec's own parser; the largest node starting on that line is the rule.
 */
import { parseRoleFile } from '../../src/syntax/index.ts';

interface Spanned {
  kind?: string;
  span?: { start: { line: number; offset: number }; end: { offset: number } };
}

export function ruleRange(path: string, text: string, line: number): { from: number; to: number } | undefined {
  const { ast } = parseRoleFile(path, text);
  let best: { from: number; to: number } | undefined;
  const visit = (node: unknown, depth: number) => {
    if (!node || typeof node !== 'object' || depth > 12) return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, depth + 1);
      return;
    }
    const s = (node as Spanned).span;
    if ((node as Spanned).kind !== 'file' && s && s.start.line === line) {
      if (!best || s.end.offset - s.start.offset > best.to - best.from) best = { from: s.start.offset, to: s.end.offset };
      return; // its children start later or are smaller
    }
    if (s && (s.start.line > line)) return;
    for (const v of Object.values(node)) if (v && typeof v === 'object') visit(v, depth + 1);
  };
  visit(ast.declarations, 0);
  return best;
}
