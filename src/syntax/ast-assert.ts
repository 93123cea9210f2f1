/**
 * AST of `assert` declarations (docs/language.md "Assertions"), kept apart from ast.ts so
 * that it merges cleanly with other changes to the core AST.
 */
import type { Span } from '../diagnostics/types.ts';
import type { DenyTarget, Expr, Name, StringLit } from './ast.ts';

/** `assert "NAME" { never|always TARGET [for role R | for user "x"] [unless role R…] [when COND] }` */
export interface AssertDecl {
  kind: 'assert';
  /** The string after `assert` (its value as `text`). */
  name: Name;
  /** Absent only in a file with syntax errors. */
  quantifier?: { kind: 'never' | 'always'; span: Span };
  /** Same shapes as a deny target. Absent only in a file with syntax errors. */
  target?: DenyTarget;
  forRole?: Name;
  forUser?: StringLit;
  /** `unless role R…` (never only). */
  exempt: Name[];
  when?: Expr;
  span: Span;
}
