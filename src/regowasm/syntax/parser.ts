/**
 * Rego v1 parser: tokens → AST (ast.ts).
 *
 * Why hand-written recursive descent rather than Chevrotain: Rego's grammar is small but
 * context-sensitive in ways a token grammar expresses awkwardly — literals are separated by
 * newlines *or* `;`, `contains`/`set` are keywords in some positions and function names in
 * others, `|` is both set union and the comprehension bar, and `k, v in xs` reuses the
 * comma. A direct parser with the lexer's "newline before this token" flag handles each of
 * these with one local check. Errors stop at the first problem and carry file:line:col.
 *
 * Newlines: a newline ends a literal or a rule unless the next token cannot start one
 * (`if`, `else`, `with`, `as`, `contains`, `:=`, `=` or an infix operator continue the
 * construct); postfix `.x`, `[x]` and `(args)` must stay on the line of their term, so
 * that a literal starting with `[` or `(` on the next line is a new literal.
 *
 * Layout: cursor.ts (token helpers) ← terms.ts (expressions) ← this file (module, imports,
 * rules, bodies, literals); heads.ts classifies rule heads.
 */
import type { BinaryOp, Body, ElseClause, Import, Literal, RegoModule, RefTerm, Rule, RuleHead, Term, VarTerm, WithModifier } from './ast.ts';
import { classifyHead } from './heads.ts';
import type { Token } from './lexer.ts';
import { TermParser } from './terms.ts';

export { ParseError } from './cursor.ts';

export interface ParseOptions {
  /** Parse as OPA 1.x does with `--v0-compatible`: Rego v0 unless the module imports
   *  `rego.v1` (see `v1Rules`). */
  v0Compatible?: boolean;
}

export function parseModule(file: string, tokens: Token[], options: ParseOptions = {}): RegoModule {
  return new Parser(file, tokens, options.v0Compatible === true).module();
}

class Parser extends TermParser {
  /** v1 rule syntax (`if` before bodies, `contains` for partial sets, bodies or values
   *  required): always, except in a v0-compatible module without `import rego.v1`. */
  private v1Rules = true;

  constructor(file: string, tokens: Token[], private readonly v0Compatible: boolean) {
    super(file, tokens);
  }

  // ---- module -------------------------------------------------------------------------

  module(): RegoModule {
    const first = this.tok;
    if (!this.isKw('package')) this.fail(`expected 'package' but found ${this.describe(first)}`);
    const pkgTok = this.next();
    const pkgRef = this.groundPath('package path');
    const pkg = { kind: 'package' as const, loc: this.loc(pkgTok), path: pkgRef };
    this.endOfStatement();
    const imports: Import[] = [];
    while (this.isKw('import')) {
      imports.push(this.importDecl());
      this.endOfStatement();
    }
    this.checkImports(imports);
    const rules: Rule[] = [];
    while (this.tok.type !== 'eof') {
      if (this.isKw('import')) this.fail('imports must come before rules');
      if (this.isKw('package')) this.fail('only one package declaration per module');
      rules.push(this.rule());
      this.endOfStatement();
    }
    return { kind: 'module', loc: this.loc(first), package: pkg, imports, rules };
  }

  /** Statements (package, import, rule) end at a newline, `;`, or end of file. */
  private endOfStatement(): void {
    if (this.isP(';')) {
      this.next();
      return;
    }
    if (this.tok.type === 'eof' || this.tok.nl) return;
    this.fail(`unexpected ${this.describe(this.tok)}: expected a newline after the statement`);
  }

  /** `a.b["c"]` → ['a','b','c'] (strings only). */
  private groundPath(what: string): string[] {
    const head = this.tok;
    if (head.type !== 'ident') this.fail(`expected ${what} but found ${this.describe(head)}`);
    this.next();
    const path = [head.value];
    for (;;) {
      if (this.isP('.') && !this.tok.nl) {
        this.next();
        const seg = this.tok;
        if (seg.type !== 'ident') this.fail(`expected a name after '.' in ${what}`);
        this.next();
        path.push(seg.value);
      } else if (this.isP('[') && !this.tok.nl) {
        this.next();
        const seg = this.tok;
        if (seg.type !== 'string' && seg.type !== 'rawstring') this.fail(`only string keys are allowed in ${what}`);
        this.next();
        this.expectP(']');
        path.push(seg.value);
      } else {
        return path;
      }
    }
  }

  /** OPA's rules for `rego.v1` / `future.keywords` imports; decides v0 or v1 rule syntax. */
  private checkImports(imports: Import[]): void {
    const key = (i: Import) => `${i.path.join('.')} as ${i.alias ?? ''}`;
    const seen = new Set<string>();
    for (const i of imports) {
      const k = key(i);
      if (seen.has(k)) this.failAt(i.loc, `import ${i.path.join('.')} shadows a previous import of the same path`, 'RG104');
      seen.add(k);
    }
    const regoV1 = imports.find((i) => i.path[0] === 'rego');
    const future = imports.find((i) => i.path[0] === 'future');
    if (regoV1 && regoV1.path.join('.') !== 'rego.v1') this.failAt(regoV1.loc, `invalid import ${regoV1.path.join('.')}: only rego.v1 may be imported from rego`, 'RG104');
    if (future && (future.path[1] !== 'keywords' || future.path.length > 3)) this.failAt(future.loc, `invalid import ${future.path.join('.')}: only future.keywords[.<keyword>] may be imported from future`, 'RG104');
    if (this.v0Compatible) {
      // OPA: "the `rego.v1` import implies `future.keywords`, these are therefore mutually exclusive"
      if (regoV1 && future) this.failAt(future.loc, 'the `rego.v1` import implies `future.keywords`, these are therefore mutually exclusive', 'RG104');
      this.v1Rules = regoV1 !== undefined;
    }
  }

  private failAt(loc: { line: number; col: number }, message: string, code: 'RG104'): never {
    const t = this.toks.find((x) => x.line === loc.line && x.col === loc.col) ?? this.tok;
    this.fail(message, t, code);
  }

  private importDecl(): Import {
    const kw = this.next();
    const pathTok = this.tok;
    const path = this.groundPath('import path');
    if (!['data', 'input', 'future', 'rego'].includes(path[0]!)) {
      this.fail(`import path must begin with data, input, future or rego`, pathTok, 'RG104');
    }
    let alias: string | undefined;
    if (this.isKw('as')) {
      this.next();
      alias = this.expectIdent('an import alias').value;
    }
    return alias === undefined ? { kind: 'import', loc: this.loc(kw), path } : { kind: 'import', loc: this.loc(kw), path, alias };
  }

  // ---- rules --------------------------------------------------------------------------

  private rule(): Rule {
    const start = this.tok;
    let isDefault = false;
    if (this.isKw('default')) {
      this.next();
      isDefault = true;
    }
    const head = this.ruleHead(isDefault);
    let body: Body = [];
    const elses: ElseClause[] = [];
    if (isDefault) {
      if (head.value === undefined) this.fail('a default rule needs a value (`default p := v`)', start, 'RG104');
      if (head.ruleKind !== 'complete' && head.ruleKind !== 'function') this.fail('default rules must be complete rules or functions', start, 'RG104');
      if (this.isKw('if') || this.isP('{')) this.fail('default rules cannot have a body', this.tok, 'RG104');
      return { kind: 'rule', loc: this.loc(start), default: true, head, body, else: [] };
    }
    const hasBody = this.isKw('if') || this.isP('{');
    body = this.optionalRuleBody();
    if (!hasBody && head.value === undefined && head.ruleKind !== 'partialSet') {
      this.fail('rule must have value assignment and/or body declaration', start, 'RG104');
    }
    if (this.v1Rules && (head.name === 'input' || head.name === 'data') && head.ref.path.length === 0) {
      this.fail(`${head.name} cannot be shadowed`, start, 'RG104');
    }
    if (this.isP('{')) this.fail('multiple rule bodies are not supported; write separate rules', this.tok, 'RG103');
    while (this.isKw('else')) {
      if (head.ruleKind !== 'complete' && head.ruleKind !== 'function') this.fail("'else' is only allowed on complete rules and functions", this.tok, 'RG104');
      const kw = this.next();
      const clause: ElseClause = { kind: 'else', loc: this.loc(kw), body: [] };
      if ((this.isP(':=') || this.isP('='))) {
        clause.assign = this.next().value as ':=' | '=';
        clause.value = this.inExpr();
      }
      clause.body = this.optionalRuleBody();
      elses.push(clause);
    }
    return { kind: 'rule', loc: this.loc(start), default: false, head, body, else: elses };
  }

  /** `if { … }`, `if literal`, or nothing (body `true`). A bare `{` is v0 syntax. */
  private optionalRuleBody(): Body {
    if (this.isKw('if')) {
      this.next();
      if (this.isP('{')) return this.braceBody();
      return [this.literal()];
    }
    if (this.isP('{')) {
      if (this.v1Rules) this.fail("`if` keyword is required before a rule body (Rego v1)", this.tok, 'RG104');
      return this.braceBody();
    }
    return [];
  }

  private ruleHead(isDefault: boolean): RuleHead {
    const nameTok = this.expectIdent('a rule name');
    const headVar: VarTerm = { kind: 'var', loc: this.loc(nameTok), name: nameTok.value };
    const path: Term[] = [];
    for (;;) {
      if (this.isP('.') && !this.tok.nl) {
        this.next();
        const seg = this.tok;
        if (seg.type !== 'ident') this.fail("expected a name after '.' in rule head");
        this.next();
        path.push({ kind: 'string', loc: this.loc(seg), value: seg.value, raw: false });
      } else if (this.isP('[') && !this.tok.nl) {
        this.next();
        path.push(this.withPipe(() => this.inExpr()));
        this.expectP(']');
      } else {
        break;
      }
    }
    const ref: RefTerm = { kind: 'ref', loc: headVar.loc, head: headVar, path };
    const head: RuleHead = { kind: 'head', loc: this.loc(nameTok), ruleKind: 'complete', ref, name: nameTok.value, path: [], general: false };

    if (this.isP('(') && !this.tok.nl) {
      if (path.some((s) => s.kind !== 'string')) this.fail('function names must be plain dotted names', this.tok, 'RG104');
      this.next();
      const args: Term[] = [];
      if (!this.isP(')')) {
        for (;;) {
          args.push(this.withPipe(() => this.inExpr()));
          if (this.isP(',')) {
            this.next();
            continue;
          }
          break;
        }
      }
      this.expectP(')');
      head.ruleKind = 'function';
      head.args = args;
    } else if (this.isKw('contains')) {
      if (isDefault) this.fail('default rules cannot be partial set rules', this.tok, 'RG104');
      this.next();
      head.ruleKind = 'partialSet';
      head.key = this.relationExpr();
    }
    if ((this.isP(':=') || this.isP('='))) {
      if (head.ruleKind === 'partialSet') this.fail("a 'contains' rule cannot also have a value", this.tok, 'RG104');
      head.assign = this.next().value as ':=' | '=';
      head.value = this.inExpr();
    }
    if (!this.v1Rules && head.ruleKind === 'complete' && head.value === undefined && path.length === 1) {
      // v0: `p[x] { … }` (and `p.x { … }`, sugar for `p["x"]`) is a partial set rule containing x
      head.ruleKind = 'partialSet';
      head.key = path[0]!;
      head.ref = { ...ref, path: [] };
    }
    classifyHead(head, (m) => this.fail(m, nameTok, 'RG104'));
    return head;
  }

  // ---- bodies and literals ------------------------------------------------------------

  /** `{ lit (sep lit)* }` where sep is `;` or a newline. */
  private braceBody(): Body {
    const open = this.expectP('{');
    if (this.isP('}')) this.fail('empty body', open, 'RG104');
    const body = this.literals((t) => this.isP('}', t));
    this.expectP('}');
    return body;
  }

  /** Literals up to (not including) the closing token recognised by `atEnd`. */
  protected literals(atEnd: (t: Token) => boolean): Body {
    const body: Body = [];
    for (;;) {
      body.push(this.literal());
      if (this.isP(';')) {
        this.next();
        if (atEnd(this.tok)) return body;
        continue;
      }
      if (atEnd(this.tok)) return body;
      if (!this.tok.nl) this.fail(`unexpected ${this.describe(this.tok)}: expected a newline or ';' between expressions`);
    }
  }

  private literal(): Literal {
    const start = this.tok;
    this.enter(start);
    try {
      return this.literalAt(start);
    } finally {
      this.depth--;
    }
  }

  private literalAt(start: Token): Literal {
    return this.withPipe(() => {
      if (this.isKw('some')) return this.someLiteral();
      if (this.isKw('every')) return this.everyLiteral();
      let negated = false;
      if (this.isKw('not')) {
        this.next();
        negated = true;
      }
      let expr = this.keyValueIn();
      if ((this.isP(':=') || this.isP('=')) && !negated) {
        const opTok = this.tok;
        const op = this.next().value as BinaryOp;
        const right = this.keyValueIn();
        if (op === ':=' && expr.kind === 'var' && (expr.name === 'input' || expr.name === 'data')) {
          // v1 (OPA 1.x): a compile error; v0 allows a local named input/data, which this
          // compiler does not support (it would read the document instead).
          if (this.v1Rules) this.fail(`${expr.name} cannot be shadowed`, start, 'RG104');
          this.fail(`a local variable named ${expr.name} (shadowing the ${expr.name} document) is not supported`, opTok, 'RG103');
        }
        expr = { kind: 'binary', loc: expr.loc, op, left: expr, right };
      } else if (this.isP(':=') || this.isP('=')) {
        const op = this.next().value as BinaryOp;
        const right = this.keyValueIn();
        if (op === ':=') this.fail("cannot negate an assignment ':='", start, 'RG104');
        expr = { kind: 'binary', loc: expr.loc, op, left: expr, right };
      }
      return { kind: 'expr', loc: this.loc(start), negated, expr, with: this.withModifiers() };
    });
  }

  private withModifiers(): WithModifier[] {
    const mods: WithModifier[] = [];
    while (this.isKw('with')) {
      const kw = this.next();
      const targetTok = this.tok;
      const target = this.postfix();
      const ref: RefTerm =
        target.kind === 'ref'
          ? target
          : target.kind === 'var'
            ? { kind: 'ref', loc: target.loc, head: target, path: [] }
            : this.fail("'with' target must be a reference", targetTok);
      if (!this.isKw('as')) this.fail(`expected 'as' but found ${this.describe(this.tok)}`);
      this.next();
      const value = this.inExpr();
      mods.push({ kind: 'with', loc: this.loc(kw), target: ref, value });
    }
    return mods;
  }

  /** `some x, y` or `some x in xs` / `some k, v in xs`. */
  private someLiteral(): Literal {
    const kw = this.next();
    const terms: Term[] = [this.relationExpr()];
    while (this.isP(',')) {
      this.next();
      terms.push(this.relationExpr());
    }
    if (this.isKw('in')) {
      if (terms.length > 2) this.fail("'some … in' takes at most a key and a value", kw);
      this.next();
      const domain = this.relationExpr();
      const lit: Literal = { kind: 'someIn', loc: this.loc(kw), value: terms[terms.length - 1]!, domain, with: [] };
      if (terms.length === 2) lit.key = terms[0]!;
      lit.with = this.withModifiers();
      return lit;
    }
    const vars: VarTerm[] = terms.map((t) => (t.kind === 'var' ? t : this.fail("'some' declares variables: expected a name", kw)));
    return { kind: 'some', loc: this.loc(kw), vars };
  }

  /** `every x in xs { … }` / `every k, v in xs { … }`. */
  private everyLiteral(): Literal {
    const kw = this.next();
    const first = this.varTerm('a variable after every');
    let key: VarTerm | undefined;
    let value = first;
    if (this.isP(',')) {
      this.next();
      key = first;
      value = this.varTerm('a value variable');
    }
    if (!this.isKw('in')) this.fail(`expected 'in' but found ${this.describe(this.tok)}`);
    this.next();
    const domain = this.relationExpr();
    const body = this.braceBody();
    const lit: Literal = { kind: 'every', loc: this.loc(kw), value, domain, body, with: [] };
    if (key) lit.key = key;
    lit.with = this.withModifiers();
    return lit;
  }

  private varTerm(what: string): VarTerm {
    const t = this.expectIdent(what);
    return { kind: 'var', loc: this.loc(t), name: t.value };
  }
}
