/**
 * What sits where in a `.role` AST, for the language server: role names (declarations and
 * references), privileges with their family, and condition operands. One flat list per
 * file, so that "what is under the cursor" and "where is this role used" are scans.
 */
import type { PrivilegeFamily } from '../semantics/ir.ts';
import type { Declaration, Expr, Name, Privilege, RoleClause, RoleFileAst, Span } from '../syntax/ast.ts';

export type Occurrence =
  | { kind: 'role'; name: string; span: Span; declaration: boolean }
  /** `family` undefined: an application privilege (free-form, no catalog). */
  | { kind: 'privilege'; name: string; span: Span; family?: PrivilegeFamily }
  | { kind: 'operand'; segments: string[]; span: Span };

export function occurrencesOf(ast: RoleFileAst): Occurrence[] {
  const out: Occurrence[] = [];
  const role = (n: Name | undefined, declaration = false) => {
    if (n) out.push({ kind: 'role', name: n.text, span: n.span, declaration });
  };
  const privileges = (ps: readonly Privilege[], family?: PrivilegeFamily) => {
    for (const p of ps) out.push({ kind: 'privilege', name: p.text, span: p.span, family });
  };
  const expr = (e: Expr | undefined): void => {
    if (!e) return;
    switch (e.kind) {
      case 'path':
        out.push({ kind: 'operand', segments: e.segments.map((s) => s.text), span: e.span });
        return;
      case 'set':
        return e.elements.forEach(expr);
      case 'call':
        expr(e.receiver);
        return e.args.forEach(expr);
      case 'compare':
        expr(e.left);
        return expr(e.right);
      case 'in':
        expr(e.elem);
        return expr(e.set);
      case 'like':
        return expr(e.expr);
      case 'has':
        return expr(e.operand);
      case 'and':
      case 'or':
        return e.args.forEach(expr);
      case 'not':
        return expr(e.arg);
      default:
        return;
    }
  };
  const clause = (c: RoleClause) => {
    if (c.kind === 'cluster') privileges(c.privileges, 'cluster');
    else if (c.kind === 'index') {
      privileges(c.privileges, 'index');
      expr(c.documents);
    } else if (c.kind === 'application') privileges(c.privileges);
    else if (c.kind === 'where') expr(c.cond);
  };
  const declaration = (d: Declaration) => {
    switch (d.kind) {
      case 'role':
        role(d.name, true);
        d.includes.forEach((n) => role(n));
        return d.clauses.forEach(clause);
      case 'deny':
        role(d.forRole);
        if (d.target?.kind === 'cloud') privileges(d.target.privileges, 'cloud');
        else if (d.target?.kind === 'cluster') privileges(d.target.privileges, 'cluster');
        else if (d.target?.kind === 'index') privileges(d.target.privileges, 'index');
        else if (d.target?.kind === 'application') privileges(d.target.privileges);
        return expr(d.condition?.cond);
      case 'assignment':
        return d.roles.forEach((n) => role(n));
      case 'mapping':
        d.roles.forEach((n) => role(n));
        return expr(d.when);
      default:
        return;
    }
  };
  ast.declarations.forEach(declaration);
  return out;
}

export function contains(span: Span, offset: number): boolean {
  return span.start.offset <= offset && offset <= span.end.offset;
}
