/**
 * The `.role` printer: the one writer of `.role` text (`rolec fmt`, the language server's
 * formatting, importers that generate policies). Canonical layout: docs/language.md,
 * "Canonical layout".
 *
 *  - {@link printRoleFile} prints an AST — also one built in code, whose spans are
 *    ignored — in the canonical layout.
 *  - {@link formatRoleSource} formats source text: the same layout, plus the author's
 *    comments in place, their empty lines (at most one in a row) and their line breaks in
 *    lists and `&&`/`||` chains. Text with syntax errors is not formatted.
 * Both are idempotent, and the output parses back to the same AST (up to positions).
 */
import type { Diagnostic } from '../diagnostics/types.ts';
import type { AttributeDecl, Declaration, DenyTarget, MetadataEntry, Name, RoleClause, RoleFileAst, SchemaBlock, Span, StringLit } from './ast.ts';
import { parseRoleFileWithComments } from './index.ts';
import { flatWidth, isBareName, printExpr, printList, privilegeText, quote } from './print-expr.ts';
import { INDENT, planComments, Writer, type PrintSource } from './print-writer.ts';

export { quote } from './print-expr.ts';

/** Prints declarations in the canonical layout (no comments: an AST has none). */
export function printRoleFile(ast: RoleFileAst | readonly Declaration[]): string {
  return print(Array.isArray(ast) ? ast : (ast as RoleFileAst).declarations);
}

export type FormatResult = { ok: true; text: string; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/** Formats `.role` source text, keeping its comments. Line ends become `\n`. Not done
 *  (`ok: false`) when the text has syntax errors, which are returned. */
export function formatRoleSource(file: string, text: string): FormatResult {
  const normalised = text.replace(/\r\n?/g, '\n');
  const { ast, diagnostics, comments, tokens } = parseRoleFileWithComments(file, normalised);
  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  // Pass 1 learns which tokens get printed (their offsets); pass 2 prints with comments.
  const dry = new Writer({ text: normalised, tokens, comments, plan: { leading: new Map(), trailing: new Map(), dangling: [] } });
  printDeclarations(dry, ast.declarations);
  const plan = planComments(normalised, comments, dry.offsets);
  return { ok: true, text: print(ast.declarations, { text: normalised, tokens, comments, plan }), diagnostics };
}

function print(decls: readonly Declaration[], source?: PrintSource): string {
  const w = new Writer(source);
  printDeclarations(w, decls);
  return w.finish();
}

const BLOCK_KINDS = new Set(['schema', 'role', 'deny', 'mapping']);

function printDeclarations(w: Writer, decls: readonly Declaration[]): void {
  decls.forEach((d, i) => {
    const prev = decls[i - 1];
    statement(w, d.span.start.offset, prev !== undefined && (BLOCK_KINDS.has(d.kind) || BLOCK_KINDS.has(prev.kind) || prev.kind !== d.kind));
    printDeclaration(w, d);
  });
}

/** Starts a statement (declaration, clause, attribute) on its own line. `offset` is that
 *  of its first token, or (`keyword` false) of the first token after a keyword that has no
 *  position in the AST (`roles`, `when` of a mapping, `privileges`, `documents`…). */
function statement(w: Writer, offset: number, blankBefore = false, keyword = true): void {
  if (blankBefore) w.blank();
  else w.newline();
  w.leading(offset, keyword);
}

/** A name as written; a dotted one (`cloud.admin`) is several source tokens. */
function name(w: Writer, n: Name): void {
  n.text.split('.').forEach((part, i) => {
    if (i > 0) w.text('.');
    w.text(part, i === 0 ? n.span.start.offset : undefined);
  });
}

/** Runs `body` with continuation lines indented one level deeper. */
function continued(w: Writer, body: () => void): void {
  const saved = w.indent;
  w.indent = saved + INDENT;
  body();
  w.indent = saved;
}

/** Offset of the closing `}` of a node whose span ends with it (undefined for ASTs built in code). */
function closeOffset(w: Writer, span: Span): number | undefined {
  return w.fromSource ? span.end.offset - 1 : undefined;
}

/** ` { items }`: one item per line, or `{}` when there is nothing (not even a comment) inside. */
/** One clause of a `{ … }` block: where it stands in the source, and how it prints. */
interface Part {
  span: Span;
  keyword?: boolean;
  print: () => void;
}

/**
 * A clause `label <body>` whose label has no source position of its own: it stands where
 * its first element does (`roles a, b`, `when …`, `privileges …`).
 */
function labelled(w: Writer, span: Span, label: string, body: () => void): Part {
  return {
    span,
    keyword: false,
    print: () => {
      w.text(label);
      w.sp();
      body();
    },
  };
}

function block<T extends { span: Span; keyword?: boolean }>(w: Writer, outer: number, span: Span, items: readonly T[], printItem: (item: T) => void): void {
  w.sp();
  w.text('{');
  const close = closeOffset(w, span);
  if (items.length === 0 && !w.hasLeading(close) && !w.hasPending()) {
    const saved = w.indent;
    w.indent = outer; // a comment after `{` may push `}` to a line of its own
    w.text('}', close);
    w.indent = saved;
    return;
  }
  w.indent = outer + INDENT;
  for (const item of items) {
    statement(w, item.span.start.offset, false, item.keyword !== false);
    continued(w, () => printItem(item));
  }
  if (close !== undefined) w.leading(close);
  w.newline(); // trailing comments of the last item stay inside the block
  w.indent = outer;
  w.newline();
  w.text('}', close);
}

const nameWidth = (n: { text: string }) => n.text.length;
const stringWidth = (s: StringLit) => quote(s.value).length;

function names(w: Writer, list: readonly Name[]): void {
  printList(w, list, (n) => name(w, n), false, nameWidth);
}

function strings(w: Writer, list: readonly StringLit[]): void {
  printList(w, list, (s) => w.text(quote(s.value), s.span.start.offset), false, stringWidth);
}

function privileges(w: Writer, list: Parameters<typeof privilegeText>[0][]): void {
  printList(w, list, (p) => w.text(privilegeText(p), p.span.start.offset), false, (p) => privilegeText(p).length);
}

function keyword(w: Writer, word: string, offset?: number): void {
  w.sp();
  w.text(word, offset);
  w.sp();
}

function printDeclaration(w: Writer, d: Declaration): void {
  const outer = w.indent;
  const at = d.span.start.offset;
  w.indent = outer + INDENT;
  switch (d.kind) {
    case 'schema':
      w.text('schema', at);
      block(w, outer, d.span, d.blocks, (b) => printSchemaBlock(w, b));
      break;
    case 'role':
      w.text('role', at);
      w.sp();
      name(w, d.name);
      if (d.includes.length > 0) {
        keyword(w, 'includes');
        names(w, d.includes);
      }
      block(w, outer, d.span, d.clauses, (c) => printClause(w, c));
      break;
    case 'deny': {
      w.text('deny', at);
      w.sp();
      name(w, d.name);
      if (d.forRole) {
        keyword(w, 'for');
        w.text('role');
        w.sp();
        name(w, d.forRole);
      } else if (d.forUser) {
        keyword(w, 'for');
        w.text('user');
        w.sp();
        w.text(quote(d.forUser.value), d.forUser.span.start.offset);
      }
      const parts: Part[] = [];
      if (d.target) parts.push({ span: d.target.span, print: () => printDenyTarget(w, d.target!) });
      const cond = d.condition;
      if (cond) {
        parts.push({
          span: cond.span,
          print: () => {
            w.text(cond.mode, cond.span.start.offset);
            w.sp();
            printExpr(w, cond.cond, 0);
          },
        });
      }
      block(w, outer, d.span, parts, (p) => p.print());
      break;
    }
    case 'assignment':
      w.text(d.holder, at);
      w.sp();
      w.text(quote(d.id.value), d.id.span.start.offset);
      keyword(w, 'roles');
      names(w, d.roles);
      break;
    case 'mapping': {
      w.text('mapping', at);
      w.sp();
      name(w, d.name);
      const parts: Part[] = [];
      const first = d.roles[0];
      if (first) parts.push(labelled(w, first.span, 'roles', () => names(w, d.roles)));
      const when = d.when;
      if (when) parts.push(labelled(w, when.span, 'when', () => printExpr(w, when, 0)));
      block(w, outer, d.span, parts, (p) => p.print());
      break;
    }
    case 'assert': {
      w.text('assert', at);
      w.sp();
      w.text(quote(d.name.text), d.name.span.start.offset);
      const parts: Part[] = [];
      const quantifier = d.quantifier;
      const target = d.target;
      if (quantifier) {
        parts.push({
          span: quantifier.span, keyword: false,
          print: () => {
            w.text(quantifier.kind, quantifier.span.start.offset);
            if (target) {
              w.sp();
              printDenyTarget(w, target);
            }
          },
        });
      }
      const forRole = d.forRole;
      const forUser = d.forUser;
      if (forRole || forUser) {
        parts.push({
          span: (forRole ?? forUser)!.span, keyword: false,
          print: () => {
            w.text('for');
            w.sp();
            if (forRole) {
              w.text('role');
              w.sp();
              name(w, forRole);
            } else {
              w.text('user');
              w.sp();
              w.text(quote(forUser!.value), forUser!.span.start.offset);
            }
          },
        });
      }
      const first = d.exempt[0];
      if (first) parts.push(labelled(w, first.span, 'unless role', () => names(w, d.exempt)));
      const when = d.when;
      if (when) parts.push(labelled(w, when.span, 'when', () => printExpr(w, when, 0)));
      block(w, outer, d.span, parts, (p) => p.print());
      break;
    }
    case 'assign':
      w.text('assign', at);
      w.sp();
      w.text(d.principalType, d.principalTypeSpan.start.offset);
      w.sp();
      w.text(quote(d.id.value), d.id.span.start.offset);
      w.sp();
      name(w, d.role);
      keyword(w, 'on');
      if (d.scope?.kind === 'organization') w.text('organization', d.scope.span.start.offset);
      else if (d.scope?.kind === 'all_deployments') {
        w.text('all', d.scope.span.start.offset);
        w.sp();
        w.text('deployments');
      } else if (d.scope?.kind === 'deployments') {
        w.text('deployment', d.scope.span.start.offset);
        w.sp();
        strings(w, d.scope.names);
      }
      break;
  }
  w.indent = outer;
}

function printSchemaBlock(w: Writer, b: SchemaBlock): void {
  const outer = w.indent - INDENT;
  w.text(b.scope, b.scopeSpan.start.offset);
  block(w, outer, b.span, b.attributes, (a) => printAttribute(w, a));
}

function printAttribute(w: Writer, a: AttributeDecl): void {
  w.text(a.name.text, a.name.span.start.offset);
  if (a.optional) w.text('?');
  w.text(':');
  w.sp();
  // `Set<Long>` is four source tokens (comments may sit between them).
  a.type.split(/(?=[<>])|(?<=<)/).forEach((part, i) => w.text(part, i === 0 ? a.typeSpan.start.offset : undefined));
}

function printClause(w: Writer, c: RoleClause): void {
  const outer = w.indent - INDENT;
  const at = c.span.start.offset;
  switch (c.kind) {
    case 'description':
      w.text('description', at);
      w.sp();
      w.text(quote(c.text.value), c.text.span.start.offset);
      return;
    case 'metadata':
      w.text('metadata', at);
      return printMetadata(w, outer, c.span, c.entries);
    case 'where':
      w.text('where', at);
      w.sp();
      return printExpr(w, c.cond, 0);
    case 'cluster':
      w.text('cluster', at);
      w.sp();
      return privileges(w, c.privileges);
    case 'run_as':
      w.text('run_as', at);
      w.sp();
      return strings(w, c.patterns);
    case 'application':
      return printApplication(w, outer, c);
    case 'index': {
      w.text('index', at);
      w.sp();
      strings(w, c.patterns);
      if (c.except.length > 0) {
        keyword(w, 'except');
        strings(w, c.except);
      }
      const onlyPrivileges = !c.fields && !c.documents;
      if (c.form === 'short' && onlyPrivileges) {
        keyword(w, 'privileges');
        return privileges(w, c.privileges);
      }
      const oneLineWidth = 16 + c.privileges.reduce((n, p) => n + privilegeText(p).length + 2, 0);
      if (onlyPrivileges && w.fromSource && compact(w, c.span) && w.fits(oneLineWidth)) {
        // `index "x" { privileges read }` stays on one line when written so.
        w.sp();
        w.text('{');
        keyword(w, 'privileges');
        privileges(w, c.privileges);
        w.sp();
        w.text('}', closeOffset(w, c.span));
        return;
      }
      const parts: Part[] = [];
      const first = c.privileges[0];
      parts.push(labelled(w, first?.span ?? c.span, 'privileges', () => privileges(w, c.privileges)));
      const fields = c.fields;
      if (fields) {
        parts.push({
          span: fields.span,
          print: () => {
            w.text('fields', fields.span.start.offset);
            keyword(w, 'grant');
            strings(w, fields.grant);
            if (fields.except.length > 0) {
              keyword(w, 'except');
              strings(w, fields.except);
            }
          },
        });
      }
      const documents = c.documents;
      if (documents) {
        parts.push({
          span: documents.span, keyword: false,
          print: () => {
            w.text('documents');
            keyword(w, 'where');
            printExpr(w, documents, 0);
          },
        });
      }
      return block(w, outer, c.span, parts, (p) => p.print());
    }
  }
}

/** Written on one line, without comments inside. */
function compact(w: Writer, span: Span): boolean {
  return !w.brokeBetween(span.start.offset, span.end.offset) && !w.hasCommentWithin(span.start.offset, span.end.offset);
}

function printMetadata(w: Writer, outer: number, span: Span, entries: readonly MetadataEntry[]): void {
  const entry = (e: MetadataEntry) => {
    w.text(isBareName(e.key.text) ? e.key.text : quote(e.key.text), e.key.span.start.offset);
    w.text(':');
    w.sp();
    printExpr(w, e.value, 0);
  };
  const inlineWidth = entries.reduce((n, e) => n + quote(e.key.text).length + 2 + flatWidth(e.value) + 2, 4);
  const written = !w.fromSource || compact(w, span);
  if (entries.length > 0 && written && w.fits(inlineWidth) && !w.hasLeading(closeOffset(w, span))) {
    // `metadata { owner: "team", tier: 1 }`
    w.sp();
    w.text('{');
    w.sp();
    entries.forEach((e, i) => {
      if (i > 0) {
        w.text(',');
        w.sp();
      }
      entry(e);
    });
    w.sp();
    w.text('}', closeOffset(w, span));
    return;
  }
  block(w, outer, span, entries, entry);
}

function printApplication(w: Writer, outer: number, c: Extract<RoleClause | DenyTarget, { kind: 'application' }>): void {
  w.text('application', c.span.start.offset);
  w.sp();
  w.text(quote(c.application.value), c.application.span.start.offset);
  const parts: Part[] = [];
  const firstPrivilege = c.privileges[0];
  parts.push(labelled(w, firstPrivilege?.span ?? c.span, 'privileges', () => privileges(w, c.privileges)));
  const firstResource = c.resources[0];
  parts.push(labelled(w, firstResource?.span ?? c.span, 'resources', () => strings(w, c.resources)));
  block(w, outer, c.span, parts, (p) => p.print());
}

function printDenyTarget(w: Writer, t: DenyTarget): void {
  const outer = w.indent - INDENT;
  const at = t.span.start.offset;
  switch (t.kind) {
    case 'index':
      w.text('index', at);
      w.sp();
      strings(w, t.patterns);
      if (t.except.length > 0) {
        keyword(w, 'except');
        strings(w, t.except);
      }
      keyword(w, 'privileges');
      return privileges(w, t.privileges);
    case 'cluster':
      w.text('cluster', at);
      w.sp();
      return privileges(w, t.privileges);
    case 'run_as':
      w.text('run_as', at);
      w.sp();
      return strings(w, t.patterns);
    case 'application':
      return printApplication(w, outer, t);
    case 'cloud':
      w.text('cloud', at);
      w.sp();
      privileges(w, t.privileges);
      if (t.deployments) {
        keyword(w, 'on');
        w.text('deployment');
        w.sp();
        strings(w, t.deployments);
      }
      return;
  }
}
