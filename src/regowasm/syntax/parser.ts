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
 * Precedence (lowest → highest), as OPA's parser: `=`/`:=` (literal level) < `in`
 * < relations < `|` < `&` < `+ -` < `* / %` < postfix (ref, call).
 */
import type {
  BinaryOp,
  Body,
  ElseClause,
  Import,
  Literal,
  Loc,
  RegoDiagnostic,
  RegoModule,
  RefTerm,
  Rule,
  RuleHead,
  Term,
  VarTerm,
  WithModifier,
} from './ast.ts';
import type { Token } from './lexer.ts';

/** Words that cannot be variable names in Rego v1. */
const KEYWORDS = new Set([
  'package', 'import', 'as', 'default', 'else', 'if', 'contains', 'in', 'every', 'some', 'not', 'with', 'true', 'false', 'null',
]);

const RELATIONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

/** Far beyond any real policy; each level costs about a dozen stack frames. */
const MAX_DEPTH = 200;

export class ParseError extends Error {
  constructor(
    readonly line: number,
    readonly col: number,
    readonly code: RegoDiagnostic['code'],
    message: string,
  ) {
    super(message);
  }
}

export function parseModule(file: string, tokens: Token[]): RegoModule {
  return new Parser(file, tokens).module();
}

class Parser {
  private pos = 0;
  /** Inside a comprehension head, where `|` ends the term; reset inside brackets. */
  private noPipe = false;
  /** Term nesting depth, bounded so that hostile input cannot overflow the stack. */
  private depth = 0;

  constructor(
    private readonly file: string,
    private readonly toks: Token[],
  ) {}

  // ---- token helpers ------------------------------------------------------------------

  private get tok(): Token {
    return this.toks[this.pos]!;
  }
  private peek(k = 1): Token {
    return this.toks[Math.min(this.pos + k, this.toks.length - 1)]!;
  }
  private next(): Token {
    const t = this.tok;
    if (t.type !== 'eof') this.pos++;
    return t;
  }
  private isP(v: string, t: Token = this.tok): boolean {
    return t.type === 'punct' && t.value === v;
  }
  private isKw(v: string, t: Token = this.tok): boolean {
    return t.type === 'ident' && t.value === v;
  }
  private loc(t: Token = this.tok): Loc {
    return { file: this.file, line: t.line, col: t.col };
  }
  private fail(message: string, t: Token = this.tok, code: RegoDiagnostic['code'] = 'RG102'): never {
    throw new ParseError(t.line, t.col, code, message);
  }
  private describe(t: Token): string {
    if (t.type === 'eof') return 'end of file';
    if (t.type === 'string' || t.type === 'rawstring') return 'string';
    return `'${t.value}'`;
  }
  private expectP(v: string): Token {
    if (!this.isP(v)) this.fail(`expected '${v}' but found ${this.describe(this.tok)}`);
    return this.next();
  }
  private expectIdent(what: string): Token {
    const t = this.tok;
    if (t.type !== 'ident' || KEYWORDS.has(t.value)) this.fail(`expected ${what} but found ${this.describe(t)}`);
    return this.next();
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
    body = this.optionalRuleBody();
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
    if (this.isP('{')) this.fail("`if` keyword is required before a rule body (Rego v1)", this.tok, 'RG104');
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
  private literals(atEnd: (t: Token) => boolean): Body {
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
    if (++this.depth > MAX_DEPTH) this.fail(`expression nested more than ${MAX_DEPTH} levels deep`, start, 'RG103');
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
        const op = this.next().value as BinaryOp;
        const right = this.keyValueIn();
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

  // ---- expressions --------------------------------------------------------------------

  /** Run `f` with `|` enabled as an operator (inside parens, bodies, brackets). */
  private withPipe<T>(f: () => T): T {
    const saved = this.noPipe;
    this.noPipe = false;
    try {
      return f();
    } finally {
      this.noPipe = saved;
    }
  }
  private withoutPipe<T>(f: () => T): T {
    const saved = this.noPipe;
    this.noPipe = true;
    try {
      return f();
    } finally {
      this.noPipe = saved;
    }
  }

  /** `x in xs`, and at literal level also `k, v in xs`. */
  private keyValueIn(): Term {
    const left = this.relationExpr();
    if (this.isP(',')) {
      const comma = this.next();
      const value = this.relationExpr();
      if (!this.isKw('in')) this.fail(`expected 'in' after 'key, value' but found ${this.describe(this.tok)}`, comma);
      this.next();
      const collection = this.relationExpr();
      return this.inTail({ kind: 'in', loc: left.loc, key: left, value, collection });
    }
    return this.inTail(left);
  }

  /** `in` level without the key/value form (used where commas separate items). */
  private inExpr(): Term {
    return this.inTail(this.relationExpr());
  }

  private inTail(left: Term): Term {
    while (this.isKw('in')) {
      this.next();
      const collection = this.relationExpr();
      left = { kind: 'in', loc: left.loc, value: left, collection };
    }
    return left;
  }

  private relationExpr(): Term {
    let left = this.orExpr();
    while (this.tok.type === 'punct' && RELATIONS.has(this.tok.value)) {
      const op = this.next().value as BinaryOp;
      const right = this.orExpr();
      left = { kind: 'binary', loc: left.loc, op, left, right };
    }
    return left;
  }

  private orExpr(): Term {
    let left = this.andExpr();
    while (this.isP('|') && !this.noPipe) {
      this.next();
      const right = this.andExpr();
      left = { kind: 'binary', loc: left.loc, op: '|', left, right };
    }
    return left;
  }

  private andExpr(): Term {
    let left = this.arithExpr();
    while (this.isP('&')) {
      this.next();
      const right = this.arithExpr();
      left = { kind: 'binary', loc: left.loc, op: '&', left, right };
    }
    return left;
  }

  private arithExpr(): Term {
    let left = this.factorExpr();
    while (this.isP('+') || (this.isP('-') && !this.startsNegativeNumberOnNewLine())) {
      const op = this.next().value as BinaryOp;
      const right = this.factorExpr();
      left = { kind: 'binary', loc: left.loc, op, left, right };
    }
    return left;
  }

  /** `-1` at the start of a line begins a new literal rather than continuing `x - 1`. */
  private startsNegativeNumberOnNewLine(): boolean {
    const num = this.peek();
    return this.tok.nl && num.type === 'number' && num.start === this.tok.end;
  }

  private factorExpr(): Term {
    let left = this.postfix();
    while (this.isP('*') || this.isP('/') || this.isP('%')) {
      const op = this.next().value as BinaryOp;
      const right = this.postfix();
      left = { kind: 'binary', loc: left.loc, op, left, right };
    }
    return left;
  }

  /** A primary term followed by `.name`, `[term]` and `(args)` on the same line. */
  private postfix(): Term {
    let term = this.primary();
    for (;;) {
      const t = this.tok;
      if (this.isP('.') && !t.nl) {
        this.next();
        const seg = this.tok;
        if (seg.type !== 'ident') this.fail(`expected a name after '.' but found ${this.describe(seg)}`);
        this.next();
        term = appendPath(term, { kind: 'string', loc: this.loc(seg), value: seg.value, raw: false });
      } else if (this.isP('[') && !t.nl) {
        this.next();
        const key = this.withPipe(() => this.inExpr());
        this.expectP(']');
        term = appendPath(term, key);
      } else if (this.isP('(') && !t.nl && (term.kind === 'var' || term.kind === 'ref')) {
        const name = callName(term);
        if (name === undefined) this.fail('cannot call a reference with non-string segments', t, 'RG103');
        if (term.kind === 'var' && KEYWORDS.has(term.name) && term.name !== 'contains') this.fail(`unexpected '('`, t);
        this.next();
        const args = this.callArgs();
        term = name === 'set' && args.length === 0 ? { kind: 'set', loc: term.loc, items: [] } : { kind: 'call', loc: term.loc, name: name!, args };
      } else {
        return term;
      }
    }
  }

  private callArgs(): Term[] {
    return this.withPipe(() => {
      const args: Term[] = [];
      if (!this.isP(')')) {
        for (;;) {
          args.push(this.inExpr());
          if (this.isP(',')) {
            this.next();
            if (this.isP(')')) break;
            continue;
          }
          break;
        }
      }
      this.expectP(')');
      return args;
    });
  }

  private primary(): Term {
    const t = this.tok;
    const loc = this.loc(t);
    if (++this.depth > MAX_DEPTH) this.fail(`expression nested more than ${MAX_DEPTH} levels deep`, t, 'RG103');
    try {
      return this.primaryAt(t, loc);
    } finally {
      this.depth--;
    }
  }

  private primaryAt(t: Token, loc: Loc): Term {
    switch (t.type) {
      case 'number':
        this.next();
        return { kind: 'number', loc, text: t.value, value: Number(t.value) };
      case 'string':
      case 'rawstring':
        this.next();
        return { kind: 'string', loc, value: t.value, raw: t.type === 'rawstring' };
      case 'ident': {
        if (t.value === 'null') {
          this.next();
          return { kind: 'null', loc };
        }
        if (t.value === 'true' || t.value === 'false') {
          this.next();
          return { kind: 'boolean', loc, value: t.value === 'true' };
        }
        // `contains(...)` is the string builtin; elsewhere keywords cannot start a term.
        if (KEYWORDS.has(t.value) && !(t.value === 'contains' && this.isP('(', this.peek()))) {
          this.fail(`unexpected keyword '${t.value}'`);
        }
        this.next();
        return { kind: 'var', loc, name: t.value };
      }
      case 'punct':
        return this.punctPrimary(t, loc);
      case 'eof':
        return this.fail('unexpected end of file: expected a term');
    }
  }

  private punctPrimary(t: Token, loc: Loc): Term {
    switch (t.value) {
      case '-': {
        const num = this.peek();
        if (num.type === 'number' && num.start === t.end) {
          this.next();
          this.next();
          return { kind: 'number', loc, text: `-${num.value}`, value: -Number(num.value) };
        }
        return this.fail('unary minus is only supported on number literals', t, 'RG103');
      }
      case '(': {
        this.next();
        const inner = this.withPipe(() => this.keyValueIn());
        this.expectP(')');
        return inner;
      }
      case '[':
        return this.arrayOrComprehension(loc);
      case '{':
        return this.braceTerm(loc);
      default:
        return this.fail(`unexpected ${this.describe(t)}: expected a term`);
    }
  }

  private arrayOrComprehension(loc: Loc): Term {
    this.next();
    if (this.isP(']')) {
      this.next();
      return { kind: 'array', loc, items: [] };
    }
    const first = this.withoutPipe(() => this.inExpr());
    if (this.isP('|')) {
      this.next();
      const body = this.withPipe(() => this.literals((t) => this.isP(']', t)));
      this.expectP(']');
      return { kind: 'arrayCompr', loc, term: first, body };
    }
    const items = [first, ...this.restItems(']')];
    return { kind: 'array', loc, items };
  }

  /** After the first item: `, item`* [`,`] close. */
  private restItems(close: string): Term[] {
    const items: Term[] = [];
    this.withPipe(() => {
      while (this.isP(',')) {
        this.next();
        if (this.isP(close)) break;
        items.push(this.inExpr());
      }
    });
    this.expectP(close);
    return items;
  }

  /** `{}` object, `{k: v, …}`, `{a, b}` set, `{x | body}`, `{k: v | body}`. */
  private braceTerm(loc: Loc): Term {
    this.next();
    if (this.isP('}')) {
      this.next();
      return { kind: 'object', loc, entries: [] };
    }
    const first = this.withoutPipe(() => this.inExpr());
    if (this.isP(':')) {
      this.next();
      const value = this.withoutPipe(() => this.inExpr());
      if (this.isP('|')) {
        this.next();
        const body = this.withPipe(() => this.literals((t) => this.isP('}', t)));
        this.expectP('}');
        return { kind: 'objectCompr', loc, key: first, value, body };
      }
      const entries = [{ key: first, value }];
      this.withPipe(() => {
        while (this.isP(',')) {
          this.next();
          if (this.isP('}')) break;
          const key = this.inExpr();
          this.expectP(':');
          entries.push({ key, value: this.inExpr() });
        }
      });
      this.expectP('}');
      return { kind: 'object', loc, entries };
    }
    if (this.isP('|')) {
      this.next();
      const body = this.withPipe(() => this.literals((t) => this.isP('}', t)));
      this.expectP('}');
      return { kind: 'setCompr', loc, term: first, body };
    }
    return { kind: 'set', loc, items: [first, ...this.restItems('}')] };
  }
}

function appendPath(term: Term, seg: Term): RefTerm {
  if (term.kind === 'ref') return { ...term, path: [...term.path, seg] };
  return { kind: 'ref', loc: term.loc, head: term, path: [seg] };
}

/** Dotted name of a call operator (`glob.match`, `data.lib.f`), or undefined if not ground. */
function callName(term: Term): string | undefined {
  if (term.kind === 'var') return term.name;
  if (term.kind !== 'ref' || term.head.kind !== 'var') return undefined;
  const parts = [term.head.name];
  for (const seg of term.path) {
    if (seg.kind !== 'string') return undefined;
    parts.push(seg.value);
  }
  return parts.join('.');
}

/** Fill `ruleKind`, `path`, `key`, `general` from the head ref (see RuleHead docs). */
function classifyHead(head: RuleHead, fail: (m: string) => never): void {
  const segs = head.ref.path;
  const leading: string[] = [head.name];
  let firstNonString = segs.findIndex((s) => s.kind !== 'string');
  if (firstNonString < 0) firstNonString = segs.length;
  for (let i = 0; i < firstNonString; i++) leading.push((segs[i] as { value: string }).value);
  if (head.ruleKind === 'function') {
    head.path = leading;
    return;
  }
  if (head.ruleKind === 'partialSet') {
    head.path = leading;
    head.general = firstNonString < segs.length;
    return;
  }
  if (firstNonString === segs.length) {
    head.ruleKind = 'complete';
    head.path = leading;
    return;
  }
  // A non-string segment: the last one is the object key; any earlier one makes it general.
  head.ruleKind = 'partialObject';
  head.key = segs[segs.length - 1]!;
  head.general = firstNonString < segs.length - 1;
  head.path = leading;
  if (head.key.kind === 'var' && head.key.name === '_') fail("'_' cannot be used as a rule key");
}
