/**
 * Rego v1 abstract syntax tree: the contract between the Rego front end (parser) and the
 * planner (AST → planner IR). Plain data only — no classes, no methods — so it can be
 * serialised, snapshot-tested and pattern-matched with `switch (node.kind)`.
 *
 * Stability: this shape is published. Changes are additive only (new optional fields or new
 * union members announced in commit messages).
 *
 * Conventions
 * - Every node has `loc` (1-based line/col of its first character, col in UTF-16 units).
 * - Infix operators are not desugared to builtin names: they stay `binary` / `in` nodes with
 *   Rego's precedence already applied by the parser (lowest → highest):
 *     `=` `:=` (literal top level only) < `in` < `==` `!=` `<` `<=` `>` `>=` < `|` < `&`
 *     < `+` `-` < `*` `/` `%`; all binary levels are left-associative.
 * - Each `_` in the source is a distinct fresh variable (the parser keeps the name `_`;
 *   the planner must not unify two `_` occurrences with each other).
 * - Numbers keep their literal text (`text`); `value` is a convenience JS number that may be
 *   lossy for big integers / long decimals.
 * - Dot path segments (`a.b`) become `string` terms in `RefTerm.path`, exactly as if written
 *   `a["b"]`, so `input.x` and `input["x"]` have identical ASTs (apart from `loc`).
 */

export interface Loc {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based, UTF-16 code units */
  col: number;
}

// ---------------------------------------------------------------------------------------------
// Module level

export interface RegoModule {
  kind: 'module';
  loc: Loc;
  /** `package a.b.c` → ['a', 'b', 'c'] (without the implicit leading `data`). */
  package: PackageDecl;
  imports: Import[];
  /** In source order. A rule with an `else` chain is ONE rule; `default` rules are rules too. */
  rules: Rule[];
}

export interface PackageDecl {
  kind: 'package';
  loc: Loc;
  /** Ground path segments, e.g. ['a', 'b-c'] for `package a["b-c"]`. */
  path: string[];
}

export interface Import {
  kind: 'import';
  loc: Loc;
  /** Ground path: `import data.x.y as z` → ['data', 'x', 'y']; `import rego.v1` → ['rego', 'v1']. */
  path: string[];
  /** `as` name, if given. Without an alias the import binds the last path segment. */
  alias?: string;
}

// ---------------------------------------------------------------------------------------------
// Rules

export type RuleKind = 'complete' | 'partialSet' | 'partialObject' | 'function';

export interface Rule {
  kind: 'rule';
  loc: Loc;
  /** `default p := v` / `default f(_) := v` — body is empty, `else` is empty. */
  default: boolean;
  head: RuleHead;
  /** Conjunction of literals; empty means `true` (e.g. `p := 1`, `p contains "a"`). */
  body: Body;
  /**
   * The `else` chain in order: `p := 1 if {A} else := 2 if {B} else := 3` gives
   * [{value: 2, body: B}, {value: 3, body: []}]. Only on complete rules and functions.
   */
  else: ElseClause[];
}

export interface RuleHead {
  kind: 'head';
  loc: Loc;
  /**
   * How the rule defines its document:
   * - complete:      `p := v`, `p = v`, `p if …` (value true), `a.b.c := v`, `p["k"] := v`
   * - partialSet:    `p contains x`, `a.b contains x`            → `key` is the element
   * - partialObject: `p[k] := v`, `p[k] if …` (value true)       → `key` is the last ref term
   * - function:      `f(x, y) := v`, `f(x) if …` (value true)     → `args`
   */
  ruleKind: RuleKind;
  /** The head reference as written: head var (the rule name) + path terms (dot → string). */
  ref: RefTerm;
  /** The head var name, e.g. 'p' for `p[x].y := 1`. */
  name: string;
  /**
   * Document path of the rule relative to its package: the leading run of string segments of
   * `ref` (including `name`); for partialObject the key is NOT part of it.
   * `a.b.c contains x` → ['a','b','c'];  `p[x] := 1` → ['p'];  `p["q"] := 1` → ['p','q'].
   */
  path: string[];
  /** partialSet element / partialObject key. */
  key?: Term;
  /** Explicit value (`:= v` / `= v`). Absent means `true` (not used by partialSet). */
  value?: Term;
  /** Which operator introduced `value`. */
  assign?: ':=' | '=';
  /** Function parameters (patterns: vars, constants, composites). */
  args?: Term[];
  /**
   * True when `ref` has a non-string term before its last position (e.g. `p[x].y := 1`):
   * a "general ref head". The planner may reject these.
   */
  general: boolean;
}

export interface ElseClause {
  kind: 'else';
  loc: Loc;
  value?: Term;
  assign?: ':=' | '=';
  body: Body;
}

// ---------------------------------------------------------------------------------------------
// Bodies and literals

export type Body = Literal[];

export type Literal = ExprLiteral | SomeDecl | SomeIn | Every;

/** A plain expression, optionally negated, optionally with `with` modifiers. */
export interface ExprLiteral {
  kind: 'expr';
  loc: Loc;
  negated: boolean;
  expr: Term;
  with: WithModifier[];
}

/** `some x, y` — declares local variables. */
export interface SomeDecl {
  kind: 'some';
  loc: Loc;
  vars: VarTerm[];
}

/** `some x in xs` / `some k, v in xs` (key/value may be patterns, e.g. `some [a, b] in xs`). */
export interface SomeIn {
  kind: 'someIn';
  loc: Loc;
  key?: Term;
  value: Term;
  domain: Term;
  with: WithModifier[];
}

/** `every x in xs { … }` / `every k, v in xs { … }`. */
export interface Every {
  kind: 'every';
  loc: Loc;
  key?: VarTerm;
  value: VarTerm;
  domain: Term;
  body: Body;
  with: WithModifier[];
}

/** `… with input.x as v` — target is a ref rooted at `input` or `data` (or a function name). */
export interface WithModifier {
  kind: 'with';
  loc: Loc;
  target: RefTerm;
  value: Term;
  /** Set by the planner's name resolution when the target is a function or builtin
   *  (OPA's function mocking): the resolved call name (`data.pkg.f` or a builtin name). */
  fnTarget?: string;
  /** With `fnTarget`: the replacement when it names a function or builtin (resolved call
   *  name); otherwise `value` is the constant every call returns. */
  fnValue?: string;
}

// ---------------------------------------------------------------------------------------------
// Terms

export type Term =
  | NullTerm
  | BooleanTerm
  | NumberTerm
  | StringTerm
  | VarTerm
  | RefTerm
  | ArrayTerm
  | ObjectTerm
  | SetTerm
  | ArrayComprehension
  | SetComprehension
  | ObjectComprehension
  | CallTerm
  | BinaryTerm
  | InTerm;

export interface NullTerm {
  kind: 'null';
  loc: Loc;
}

export interface BooleanTerm {
  kind: 'boolean';
  loc: Loc;
  value: boolean;
}

export interface NumberTerm {
  kind: 'number';
  loc: Loc;
  /** Literal text as written (sign included), e.g. '-1', '1e3', '12345678901234567890'. */
  text: string;
  /** Convenience; may be lossy. */
  value: number;
}

export interface StringTerm {
  kind: 'string';
  loc: Loc;
  /** Decoded value (escapes resolved). */
  value: string;
  /** True for backtick raw strings. */
  raw: boolean;
}

export interface VarTerm {
  kind: 'var';
  loc: Loc;
  /** `input`, `data`, locals, rule names, `_` (each `_` is fresh). */
  name: string;
}

/** `head.path[…]…`. The head is usually a var (`input`, `data`, a local, a rule name). */
export interface RefTerm {
  kind: 'ref';
  loc: Loc;
  head: Term;
  /**
   * Non-empty for refs in terms (`a.b`, `a[x]`); may be empty in `RuleHead.ref` (a plain
   * rule name `p`) and in `WithModifier.target` (`with input as …`).
   */
  path: Term[];
}

export interface ArrayTerm {
  kind: 'array';
  loc: Loc;
  items: Term[];
}

export interface ObjectTerm {
  kind: 'object';
  loc: Loc;
  entries: ObjectEntry[];
}

export interface ObjectEntry {
  key: Term;
  value: Term;
}

/** `{1, 2}`; `set()` is the empty set. */
export interface SetTerm {
  kind: 'set';
  loc: Loc;
  items: Term[];
}

export interface ArrayComprehension {
  kind: 'arrayCompr';
  loc: Loc;
  term: Term;
  body: Body;
}

export interface SetComprehension {
  kind: 'setCompr';
  loc: Loc;
  term: Term;
  body: Body;
}

export interface ObjectComprehension {
  kind: 'objectCompr';
  loc: Loc;
  key: Term;
  value: Term;
  body: Body;
}

/**
 * A function call: builtin (`count`, `glob.match`), user function (`f`, `data.lib.f`,
 * an imported alias). `name` is the dotted operator name as written (bracket string
 * segments are joined with dots too). Builtins used in "output position" keep all
 * arguments: `count(x, n)` has two args.
 */
export interface CallTerm {
  kind: 'call';
  loc: Loc;
  name: string;
  args: Term[];
}

export type BinaryOp = '=' | ':=' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '|' | '&' | '+' | '-' | '*' | '/' | '%';

/** Infix operator. `=` and `:=` only appear as the top-level expr of a literal. */
export interface BinaryTerm {
  kind: 'binary';
  loc: Loc;
  op: BinaryOp;
  left: Term;
  right: Term;
}

/** Membership: `x in xs` (no key) or `k, v in xs`. */
export interface InTerm {
  kind: 'in';
  loc: Loc;
  key?: Term;
  value: Term;
  collection: Term;
}

// ---------------------------------------------------------------------------------------------
// Diagnostics from the Rego front end

/**
 * Stable codes:
 * - RG101 lexical error (bad character, unterminated string, bad escape, bad number)
 * - RG102 syntax error (unexpected token)
 * - RG103 unsupported construct (valid Rego the front end deliberately does not accept)
 * - RG104 invalid Rego (rejected by OPA too: e.g. bad rule head, v0-only syntax)
 */
export interface RegoDiagnostic {
  file: string;
  line: number;
  col: number;
  message: string;
  code: 'RG101' | 'RG102' | 'RG103' | 'RG104';
}

export interface ParseResult {
  /** Present iff there are no diagnostics. */
  module?: RegoModule;
  diagnostics: RegoDiagnostic[];
}
