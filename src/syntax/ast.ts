/**
 * The abstract syntax tree of one `.role` file — the contract between the parser
 * (src/syntax) and name resolution / type checking (src/semantics).
 *
 * Plain data (no classes, no back references), JSON-serialisable — except that the parser's
 * spans are `OffsetSpan`s (./positions.ts): they read and serialise as plain spans but hold
 * offsets and compute line/column when read, because spans are most of an AST. Every node
 * has a `span`; every name, string and privilege carries its own span so that a semantic
 * error can point exactly at it. Lists keep source order.
 *
 * What the parser already guarantees (and reports as E01xx when violated), so semantics
 * need not re-check it:
 *  - strings are decoded (JSON escapes), integers are exact (|n| ≤ 2^53−1),
 *  - schema types are one of the six {@link AttrType}s and blocks are user/document/context,
 *  - method names are one of {@link MethodName} with the right number of arguments,
 *    the only function is `ip("…")` with one string literal,
 *  - comparison operators are not chained (`a == b == c` is an error),
 *  - an index block has exactly one `privileges`, at most one `fields` and `documents`;
 *    an application block exactly one `privileges` and one `resources`; a mapping exactly
 *    one `roles` and at most one `when`; a deny exactly one target and at most one
 *    `when`/`unless`; a role at most one `description`, `metadata` and `where`.
 * When a file has syntax errors the AST is still returned but may be partial: missing
 * pieces are simply absent (empty lists, `undefined` optionals, or an `error` expression).
 *
 * What semantics must check: everything about meaning — names exist, privileges belong to
 * the right family, an operand path is `user.X`/`document.X`/`context.X`/`principal.*`/
 * `resource.*` and is declared, set literals contain literals of one type, types agree,
 * patterns are expressible, etc.
 */
import type { Span } from '../diagnostics/types.ts';

export type { Span };

/** The attribute types a schema block can declare (the IR uses the same names). */
export type AttrType = 'String' | 'Long' | 'Bool' | 'IpAddr' | 'Set<String>' | 'Set<Long>';

// ---------------------------------------------------------------------------
// Leaves

/** An identifier, or a dotted name (`cloud.admin`) where the grammar allows one. */
export interface Name {
  /** The name as written, segments joined with `.` (no whitespace). */
  text: string;
  span: Span;
}

export interface StringLit {
  kind: 'string';
  /** Decoded value (escapes resolved). */
  value: string;
  span: Span;
}

export interface IntLit {
  kind: 'int';
  /** Exact value (the parser rejects integers beyond ±(2^53−1)). */
  value: number;
  /** The digits as written, including a leading `-`. */
  text: string;
  span: Span;
}

export interface BoolLit {
  kind: 'bool';
  value: boolean;
  span: Span;
}

/** A privilege name: an identifier (`read`, `view_index_metadata`) or a string
 *  (`"feature_discover.read"`, typical for application privileges). */
export interface Privilege {
  text: string;
  quoted: boolean;
  span: Span;
}

// ---------------------------------------------------------------------------
// Conditions (the ABAC language, §4) — untyped here; semantics type-checks.

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type MethodName = 'contains' | 'containsAll' | 'containsAny' | 'isEmpty' | 'isInRange';

export type Expr =
  | StringLit
  | IntLit
  | BoolLit
  /** `user.department`, `principal.groups`, `context.mfa` … Segments as written;
   *  semantics decides which paths are valid operands (at least one segment). */
  | { kind: 'path'; segments: Name[]; span: Span }
  /** `["a", "b"]`, `[1, 2]`, `[]`; elements are arbitrary expressions syntactically. */
  | { kind: 'set'; elements: Expr[]; span: Span }
  /** `ip("10.0.0.0/8")` — the argument is always a string literal. */
  | { kind: 'ip'; arg: StringLit; span: Span }
  /** `receiver.method(args)`; `args.length` is already checked (0 for isEmpty, else 1). */
  | { kind: 'call'; method: MethodName; methodSpan: Span; receiver: Expr; args: Expr[]; span: Span }
  | { kind: 'compare'; op: CompareOp; opSpan: Span; left: Expr; right: Expr; span: Span }
  /** `elem in set` */
  | { kind: 'in'; elem: Expr; set: Expr; span: Span }
  /** `expr like "pat*"` */
  | { kind: 'like'; expr: Expr; pattern: StringLit; span: Span }
  /** `has operand` — operand is syntactically any postfix expression; semantics
   *  requires an attribute / built-in property path. */
  | { kind: 'has'; operand: Expr; span: Span }
  /** n-ary, flattened: `a && b && c` is one node with three args (≥ 2). */
  | { kind: 'and'; args: Expr[]; span: Span }
  | { kind: 'or'; args: Expr[]; span: Span }
  | { kind: 'not'; arg: Expr; span: Span }
  /** Placeholder where the parser recovered from an error (a diagnostic was reported). */
  | { kind: 'error'; span: Span };

/** Parentheses leave no node; the inner expression keeps its own span. */

// ---------------------------------------------------------------------------
// Schema (§1, §4)

export type SchemaScope = 'user' | 'document' | 'context';

export interface AttributeDecl {
  name: Name;
  optional: boolean;
  type: AttrType;
  typeSpan: Span;
  span: Span;
}

export interface SchemaBlock {
  scope: SchemaScope;
  scopeSpan: Span;
  attributes: AttributeDecl[];
  span: Span;
}

export interface SchemaDecl {
  kind: 'schema';
  blocks: SchemaBlock[];
  span: Span;
}

// ---------------------------------------------------------------------------
// Roles (§3)

export interface FieldsClause {
  grant: StringLit[];
  except: StringLit[];
  span: Span;
}

export interface MetadataEntry {
  /** Identifier or string key (decoded). */
  key: Name;
  value: StringLit | IntLit | BoolLit;
  span: Span;
}

export type RoleClause =
  | { kind: 'description'; text: StringLit; span: Span }
  | { kind: 'metadata'; entries: MetadataEntry[]; span: Span }
  | { kind: 'where'; cond: Expr; span: Span }
  | { kind: 'cluster'; privileges: Privilege[]; span: Span }
  | {
      kind: 'index';
      /** `block` = `index P { … }`, `short` = `index P privileges …`. */
      form: 'block' | 'short';
      patterns: StringLit[];
      except: StringLit[];
      privileges: Privilege[];
      fields?: FieldsClause;
      /** `documents where COND` */
      documents?: Expr;
      span: Span;
    }
  | { kind: 'run_as'; patterns: StringLit[]; span: Span }
  | {
      kind: 'application';
      application: StringLit;
      privileges: Privilege[];
      resources: StringLit[];
      span: Span;
    };

export interface RoleDecl {
  kind: 'role';
  /** Identifier; a dotted name parses (semantics rejects defining `cloud.*`). */
  name: Name;
  includes: Name[];
  /** In source order. */
  clauses: RoleClause[];
  span: Span;
}

// ---------------------------------------------------------------------------
// Denies (§5) — `deny NAME [for role R | for user "x"] { TARGET [when|unless COND] }`

export type DenyTarget =
  | { kind: 'index'; patterns: StringLit[]; except: StringLit[]; privileges: Privilege[]; span: Span }
  | { kind: 'cluster'; privileges: Privilege[]; span: Span }
  | { kind: 'run_as'; patterns: StringLit[]; span: Span }
  | {
      kind: 'application';
      application: StringLit;
      privileges: Privilege[];
      resources: StringLit[];
      span: Span;
    }
  /** `cloud P… [on deployment "a", "b"]`; `deployments` absent = every deployment. */
  | { kind: 'cloud'; privileges: Privilege[]; deployments?: StringLit[]; span: Span };

export interface DenyDecl {
  kind: 'deny';
  name: Name;
  forRole?: Name;
  forUser?: StringLit;
  /** Absent only in a file with syntax errors. */
  target?: DenyTarget;
  condition?: { mode: 'when' | 'unless'; cond: Expr; span: Span };
  span: Span;
}

// ---------------------------------------------------------------------------
// Principals and assignments (§5, §6)

/** `user "NAME" roles R…`, `api_key "ID" roles R…`, `group "NAME" roles R…` */
export interface RoleAssignmentDecl {
  kind: 'assignment';
  holder: 'user' | 'api_key' | 'group';
  holderSpan: Span;
  id: StringLit;
  roles: Name[];
  span: Span;
}

/** `mapping NAME { roles R…; when COND }` */
export interface MappingDecl {
  kind: 'mapping';
  name: Name;
  roles: Name[];
  when?: Expr;
  span: Span;
}

export type CloudScope =
  | { kind: 'organization'; span: Span }
  | { kind: 'all_deployments'; span: Span }
  | { kind: 'deployments'; names: StringLit[]; span: Span };

/** `assign (user|api_key) "ID" cloud.ROLE on SCOPE` */
export interface CloudAssignDecl {
  kind: 'assign';
  principalType: 'user' | 'api_key';
  principalTypeSpan: Span;
  id: StringLit;
  role: Name;
  /** Absent only in a file with syntax errors. */
  scope?: CloudScope;
  span: Span;
}

// ---------------------------------------------------------------------------

export type Declaration =
  | SchemaDecl
  | RoleDecl
  | DenyDecl
  | RoleAssignmentDecl
  | MappingDecl
  | CloudAssignDecl
  | import('./ast-assert.ts').AssertDecl;

export interface RoleFileAst {
  kind: 'file';
  /** Path as given to the parser. */
  file: string;
  /** In source order. */
  declarations: Declaration[];
  span: Span;
}
