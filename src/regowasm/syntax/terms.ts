/**
 * Rego terms and infix expressions (the part of the parser below literals).
 *
 * Precedence (lowest → highest), as OPA's parser: `in` < relations < `|` < `&` < `+ -`
 * < `* / %` < postfix (`.x`, `[x]`, `(args)`); `=`/`:=` sit above, at literal level
 * (parser.ts). Comprehension bodies are parsed by the subclass (`literals`).
 */
import type { BinaryOp, Body, Loc, RefTerm, Term } from './ast.ts';
import { Cursor, ParseError } from './cursor.ts';
import type { Token } from './lexer.ts';

const RELATIONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

/** Far beyond any real policy; each level costs about a dozen stack frames. */
const MAX_DEPTH = 200;

export abstract class TermParser extends Cursor {
  /** Term nesting depth, bounded so that hostile input cannot overflow the stack. */
  protected depth = 0;

  /** Literals up to (not including) the closing token recognised by `atEnd`. */
  protected abstract literals(atEnd: (t: Token) => boolean): Body;

  /** Fails when nesting exceeds MAX_DEPTH; pair with `this.depth--` in a finally. */
  protected enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) this.fail(`expression nested more than ${MAX_DEPTH} levels deep`, t, 'RG103');
  }

  /**
   * `x in xs`, and at literal level also `k, v in xs`; as in OPA, a `,` not followed by
   * `v in` is left for the caller (`[x | y, 5]` is then read as an array).
   */
  protected keyValueIn(): Term {
    const left = this.relationExpr();
    if (this.isP(',')) {
      const comma = this.pos;
      this.next();
      let value: Term | undefined;
      try {
        value = this.relationExpr();
      } catch (err) {
        if (!(err instanceof ParseError) || err.code !== 'RG102') throw err;
      }
      if (value && this.isKw('in')) {
        this.next();
        const collection = this.relationExpr();
        return this.inTail({ kind: 'in', loc: left.loc, key: left, value, collection });
      }
      this.pos = comma;
    }
    return this.inTail(left);
  }

  /** `in` level without the key/value form (used where commas separate items). */
  protected inExpr(): Term {
    return this.inTail(this.relationExpr());
  }

  protected inTail(left: Term): Term {
    while (this.isKw('in')) {
      this.next();
      const collection = this.relationExpr();
      left = { kind: 'in', loc: left.loc, value: left, collection };
    }
    return left;
  }

  protected relationExpr(): Term {
    let left = this.orExpr();
    while (this.tok.type === 'punct' && RELATIONS.has(this.tok.value)) {
      const op = this.next().value as BinaryOp;
      const right = this.orExpr();
      left = { kind: 'binary', loc: left.loc, op, left, right };
    }
    return left;
  }

  protected orExpr(): Term {
    let left = this.andExpr();
    while (this.isP('|')) {
      this.next();
      const right = this.andExpr();
      left = { kind: 'binary', loc: left.loc, op: '|', left, right };
    }
    return left;
  }

  protected andExpr(): Term {
    let left = this.arithExpr();
    while (this.isP('&')) {
      this.next();
      const right = this.arithExpr();
      left = { kind: 'binary', loc: left.loc, op: '&', left, right };
    }
    return left;
  }

  protected arithExpr(): Term {
    let left = this.factorExpr();
    while (this.isP('+') || (this.isP('-') && !this.startsNegativeNumberOnNewLine())) {
      const op = this.next().value as BinaryOp;
      const right = this.factorExpr();
      left = { kind: 'binary', loc: left.loc, op, left, right };
    }
    return left;
  }

  /** `-1` at the start of a line begins a new literal rather than continuing `x - 1`. */
  protected startsNegativeNumberOnNewLine(): boolean {
    const num = this.peek();
    return this.tok.nl && num.type === 'number' && num.start === this.tok.end;
  }

  protected factorExpr(): Term {
    let left = this.postfix();
    while (this.isP('*') || this.isP('/') || this.isP('%')) {
      const op = this.next().value as BinaryOp;
      const right = this.postfix();
      left = { kind: 'binary', loc: left.loc, op, left, right };
    }
    return left;
  }

  /** A primary term followed by `.name`, `[term]` and `(args)` on the same line. */
  protected postfix(): Term {
    let term = this.primary();
    for (;;) {
      const t = this.tok;
      if (this.atRefDot()) {
        const seg = this.nameAfterDot('a reference');
        term = appendPath(term, { kind: 'string', loc: this.loc(seg), value: seg.value, raw: false });
      } else if (this.isP('[') && !t.nl) {
        this.next();
        const key = this.inExpr();
        this.expectP(']');
        term = appendPath(term, key);
      } else if (this.isP('(') && !t.nl && (term.kind === 'var' || term.kind === 'ref')) {
        const name = callName(term);
        if (name === undefined) this.fail('cannot call a reference with non-string segments', t, 'RG103');
        if (term.kind === 'var' && this.reserved(term.name) && term.name !== 'contains') this.fail(`unexpected '('`, t);
        this.next();
        const args = this.callArgs();
        term = name === 'set' && args.length === 0 ? { kind: 'set', loc: term.loc, items: [] } : { kind: 'call', loc: term.loc, name: name!, args };
      } else {
        return term;
      }
    }
  }

  protected callArgs(): Term[] {
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
  }

  protected primary(): Term {
    const t = this.tok;
    const loc = this.loc(t);
    this.enter(t);
    try {
      return this.primaryAt(t, loc);
    } finally {
      this.depth--;
    }
  }

  protected primaryAt(t: Token, loc: Loc): Term {
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
        if (this.reserved(t.value) && !(t.value === 'contains' && this.isP('(', this.peek()))) {
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

  protected punctPrimary(t: Token, loc: Loc): Term {
    switch (t.value) {
      case '-': {
        // As OPA: `-` then (after any whitespace) a number is a negative literal (`- 1`);
        // `-` before a reference or call is minus(0, ref) (`-input.n`); anything else is
        // a syntax error (`- - 1`).
        this.next();
        const next = this.tok;
        if (next.type === 'number') {
          this.next();
          return { kind: 'number', loc, text: `-${next.value}`, value: -Number(next.value) };
        }
        if (next.type === 'ident' && !this.reserved(next.value)) {
          const operand = this.postfix();
          return { kind: 'binary', loc, op: '-', left: { kind: 'number', loc, text: '0', value: 0 }, right: operand };
        }
        return this.fail(`unexpected ${this.describe(next)}: expected number`);
      }
      case '(': {
        this.next();
        const inner = this.keyValueIn();
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

  /**
   * `[]`, `[a, …]` or `[x | body]`, decided as OPA's parser does: the head is first read as
   * a single term (no infix operators), so `[x | y]` is a comprehension while
   * `[x - {1} | y]` is an array holding a set union; when the body after `|` fails to
   * parse and stops at a `,` (`[x | y, 5]`), the whole bracket is read again as an array.
   */
  protected arrayOrComprehension(loc: Loc): Term {
    this.next();
    if (this.isP(']')) {
      this.next();
      return { kind: 'array', loc, items: [] };
    }
    const start = this.pos;
    const head = this.postfix();
    if (this.isP(']') || this.isP(',')) return { kind: 'array', loc, items: [head, ...this.restItems(']')] };
    if (this.isP('|')) {
      const body = this.comprehensionBody(']');
      if (body) return { kind: 'arrayCompr', loc, term: head, body };
    }
    this.pos = start;
    return { kind: 'array', loc, items: this.itemList(']') };
  }

  /**
   * After `|`: the body up to `close`, or undefined when it is not one and OPA would read
   * the brackets again as a collection: a syntax error stopped at a `,` (or anywhere, after
   * an object's `k: v`). Any other error stands.
   */
  protected comprehensionBody(close: string, anywhere = false): Body | undefined {
    const bar = this.pos;
    this.next();
    try {
      const body = this.literals((t) => this.isP(close, t));
      this.expectP(close);
      return body;
    } catch (err) {
      if (!(err instanceof ParseError) || err.code !== 'RG102' || !(anywhere || this.isP(','))) throw err;
      this.pos = bar;
      return undefined;
    }
  }

  /** `item (, item)* [,] close`, items with every infix operator (`|` included). */
  protected itemList(close: string): Term[] {
    const first = this.inExpr();
    return [first, ...this.restItems(close)];
  }

  /** After the first item: `, item`* [`,`] close. */
  protected restItems(close: string): Term[] {
    const items: Term[] = [];
    while (this.isP(',')) {
      this.next();
      if (this.isP(close)) break;
      items.push(this.inExpr());
    }
    this.expectP(close);
    return items;
  }

  /**
   * `{}` object, `{k: v, …}`, `{a, b}` set, `{x | body}`, `{k: v | body}`, decided as OPA's
   * parser does (see arrayOrComprehension): a set comprehension's head and an object
   * comprehension's value are single terms; an object comprehension's key may be any
   * expression (`{a + 1: b | …}`).
   */
  protected braceTerm(loc: Loc): Term {
    this.next();
    if (this.isP('}')) {
      this.next();
      return { kind: 'object', loc, entries: [] };
    }
    const start = this.pos;
    let key = this.postfix();
    if (this.isP('|')) {
      const body = this.comprehensionBody('}');
      if (body) return { kind: 'setCompr', loc, term: key, body };
      this.pos = start;
      return { kind: 'set', loc, items: this.itemList('}') };
    }
    if (!this.isP(':') && !this.isP('}') && !this.isP(',')) {
      this.pos = start;
      key = this.inExpr();
      if (!this.isP(':') && !this.isP('}') && !this.isP(',')) this.fail(`unexpected ${this.describe(this.tok)}: non-terminated set`);
    }
    if (!this.isP(':')) return { kind: 'set', loc, items: [key, ...this.restItems('}')] };
    this.next();
    const valueStart = this.pos;
    const value = this.postfix();
    if (this.isP('|')) {
      const body = this.comprehensionBody('}', true);
      if (body) return { kind: 'objectCompr', loc, key, value, body };
    }
    this.pos = valueStart;
    return this.objectEntries(loc, key);
  }

  /** `{key: value (, k: v)* [,] }` from the first value on. */
  private objectEntries(loc: Loc, key: Term): Term {
    const entries = [{ key, value: this.inExpr() }];
    while (this.isP(',')) {
      this.next();
      if (this.isP('}')) break;
      const k = this.inExpr();
      this.expectP(':');
      entries.push({ key: k, value: this.inExpr() });
    }
    this.expectP('}');
    return { kind: 'object', loc, entries };
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
