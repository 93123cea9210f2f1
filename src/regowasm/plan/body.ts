/**
 * Body planner: resolved, safety-ordered Rego literals → IR statements in a Frame.
 *
 * Iteration is continuation-style: a ref with an unbound var key (`xs[i]`) or `some x in xs`
 * emits a Scan and moves the insertion point into its body, so everything planned later —
 * the rest of the body and finally the rule's "yield" (the continuation) — runs once per
 * element; a failing test leaves the innermost block, i.e. backtracks to the next element.
 *
 * "Exists" sub-plans (negation, `every`, `x in xs` as a test) use a two-level wrapper so
 * that success and failure are told apart even when scans are involved:
 *   Block{[ Block{[ B2 ]}, Break(1) ]}   with B2 = <sub-plan> … Break(d+1) at its innermost
 * success leaves B2 and the middle block (continuing after the wrapper); running out of
 * solutions reaches Break(1), which leaves the wrapper AND the enclosing block (= fail).
 */
import type { Literal, Loc, Term } from '../syntax/ast.ts';
import { OPERATOR_BUILTIN } from './builtins.ts';
import { call, printCall, walkCall } from './calls.ts';
import { comprehension, membershipTest, membershipValue } from './collections.ts';
import { fail } from './diagnostics.ts';
import { Frame, StringTable } from './emitter.ts';
import type { Block, Local, Operand, Statement } from './ir.ts';
import { dataRef, ref } from './refs.ts';
import { makeCtx, orderBody, pairsOf, displayName } from './safety.ts';
import { DATA, INPUT, Scope } from './scope.ts';
import { checkDeclaredUsed, constJson, plainInputs } from './terms.ts';
import type { TreeNode } from './tree.ts';
import { dynamicMocks, mockOf, variantOverrides } from './variant.ts';
import type { Variant } from './variant.ts';
import { withLiteral } from './with.ts';

/** Services the body planner needs from the policy planner. */
export interface PlanServices {
  strings: StringTable;
  root: TreeNode;
  /** Func index computing the document of a virtual node (memoised, params input+data). */
  nodeFunc(node: TreeNode, at: Loc, variant: Variant): number;
  /** Func index of a user function node. */
  functionFunc(node: TreeNode, at: Loc, variant: Variant): number;
  /** Arity of a resolved call name (user function or builtin). */
  arity(name: string): number | undefined;
  /** A call to a builtin the VM lacks, not mocked here: RG201 if an entrypoint can reach
   *  the func being planned (OPA's planner, too, plans only what entrypoints reach). */
  unsupported(at: Loc, message: string): void;
  /** Func index of the planner's `walk` (params: path so far, value → [[path, value]…]). */
  walkFunc(): number;
}

const TRUE: Operand = { bool: true };
const FALSE: Operand = { bool: false };

/** Plans one body into a Frame. Its state and small helpers (input/data locals, overrides,
 *  emit, term, unifyWith…) are shared with the other body files: with.ts, refs.ts,
 *  calls.ts, collections.ts, which take the planner as their first argument. */
export class BodyPlanner {
  scope: Scope;
  /** Locals holding input and data: 0 and 1, except under a `with` modifier. */
  input: Local = INPUT;
  data: Local = DATA;

  /** Rule documents replaced by an enclosing `with` (path JSON): read from data. */
  overrides: string[];
  /** Where the value of each dynamic mock entry lives in this frame. */
  mockLocals: Map<string, Local>;

  /** `variant`: the copy being planned (see Variant); its calls stay in non-memoised copies. */
  constructor(readonly svc: PlanServices, readonly f: Frame, scope: Scope, readonly variant: Variant = '') {
    this.scope = scope;
    this.overrides = variantOverrides(variant);
    this.mockLocals = new Map(dynamicMocks(variant).map((e, j) => [e, 2 + j]));
  }

  /** Arguments every call into a document / function copy starts with. */
  baseArgs(variant: Variant): Operand[] {
    return [{ local: this.input }, { local: this.data }, ...dynamicMocks(variant).map((e) => ({ local: this.mockLocals.get(e)! }))];
  }

  /** The variant of documents / functions to call from the current point. */
  callVariant(withoutMocks = false): Variant {
    const o = [...new Set(this.overrides)].filter((e) => !withoutMocks || mockOf(e) === undefined).sort();
    if (this.variant === '' && this.input === INPUT && this.data === DATA && o.length === 0) return '';
    return 'w' + o.map((k) => `\u0001${k}`).join('');
  }

  emit(s: Statement): void {
    this.f.emit(s);
  }

  str(s: string): Operand {
    return { string: this.svc.strings.intern(s) };
  }

  /** Plans `body` (reordered for safety), then `yieldFn` at the innermost point. */
  body(body: Literal[], headTerms: Term[], at: Loc, yieldFn: () => void): void {
    const ctx = makeCtx(this.scope.names(), body, headTerms, (n) => this.svc.arity(n));
    const { ordered, bound } = orderBody(body, ctx, at);
    for (const t of headTerms) this.checkHeadSafe(t, bound);
    checkDeclaredUsed(body, headTerms);
    for (const l of ordered) this.literal(l);
    yieldFn();
  }

  private checkHeadSafe(t: Term, bound: Set<string>): void {
    const need = new Set<string>();
    plainInputs(t, need); // `q := xs[_]`: a head ref may iterate (OPA moves it into the body)
    for (const v of need) if (!bound.has(v)) fail(t.loc, 'RG202', `var ${displayName(v)} is unsafe`);
  }

  // ── literals ────────────────────────────────────────────────────────────────────────

  literal(l: Literal): void {
    if (l.kind !== 'some' && l.with.length > 0) return withLiteral(this, l);
    switch (l.kind) {
      case 'some':
        return;
      case 'expr':
        if (l.negated) this.not(() => this.body([{ ...l, negated: false }], [], l.loc, () => {}));
        else this.exprLiteral(l.expr);
        return;
      case 'someIn': {
        const dom = this.term(l.domain);
        const k = this.f.local();
        const v = this.f.local();
        const body: Block = [];
        this.emit({ op: 'Scan', source: dom, key: k, value: v, block: body });
        this.f.enter(body);
        if (l.key) this.unifyWith(l.key, { local: k }, true);
        this.unifyWith(l.value, { local: v }, true);
        return;
      }
      case 'every': {
        const dom = this.term(l.domain);
        this.requireCollection(dom);
        this.not(() => {
          const k = this.f.local();
          const v = this.f.local();
          const body: Block = [];
          this.emit({ op: 'Scan', source: dom, key: k, value: v, block: body });
          this.f.enter(body);
          if (l.key) this.scope.set(l.key.name, k);
          this.scope.set(l.value.name, v);
          this.not(() => this.body(l.body, [], l.loc, () => {}));
        });
        return;
      }
    }
  }

  /** `every` over a non-collection is undefined in OPA (not vacuously true). */
  private requireCollection(v: Operand): void {
    const t = this.f.local();
    const yes = (op: 'IsArray' | 'IsObject' | 'IsSet'): Block => [{ op, source: v }, { op: 'AssignVar', source: TRUE, target: t }];
    this.emit({ op: 'ResetLocal', target: t });
    this.emit({ op: 'Block', blocks: [yes('IsArray'), yes('IsObject'), yes('IsSet')] });
    this.emit({ op: 'IsDefined', source: t });
  }

  private exprLiteral(e: Term): void {
    if (e.kind === 'binary') {
      switch (e.op) {
        case '=':
          return this.unify(e.left, e.right);
        case ':=': {
          const v = this.term(e.right);
          return this.unifyWith(e.left, v, true);
        }
        case '==':
          return this.emit({ op: 'Equal', a: this.term(e.left), b: this.term(e.right) });
        case '!=':
          return this.emit({ op: 'NotEqual', a: this.term(e.left), b: this.term(e.right) });
        case '<':
          return this.emit({ op: 'LessThan', a: this.term(e.left), b: this.term(e.right) });
        case '<=':
          return this.emit({ op: 'LessThanEqual', a: this.term(e.left), b: this.term(e.right) });
        case '>':
          return this.emit({ op: 'GreaterThan', a: this.term(e.left), b: this.term(e.right) });
        case '>=':
          return this.emit({ op: 'GreaterThanEqual', a: this.term(e.left), b: this.term(e.right) });
        default:
          break;
      }
    }
    if (e.kind === 'call' && e.name === 'walk' && e.args.length === 2) return walkCall(this, e);
    if (e.kind === 'call' && e.name === 'print') return printCall(this, e);
    if (e.kind === 'call') {
      const n = this.svc.arity(e.name);
      if (n !== undefined && e.args.length === n + 1) {
        const r = call(this, e, e.args.slice(0, n));
        return this.unifyWith(e.args[n]!, r, false);
      }
    }
    if (e.kind === 'in') return membershipTest(this, e);
    const v = this.term(e);
    this.emit({ op: 'NotEqual', a: v, b: FALSE });
  }

  // ── negation and existence ──────────────────────────────────────────────────────────

  /** Not{…}: succeeds iff `plan` has no solution. Vars bound inside stay inside. */
  not(plan: () => void): void {
    const notBody: Block = [];
    this.emit({ op: 'Not', block: notBody });
    this.f.inBlock(notBody, () => this.exists(plan));
  }

  /** Emits statements that succeed iff `plan` (ending at its innermost point) has a solution. */
  exists(plan: () => void): void {
    const saved = this.scope;
    this.scope = new Scope(saved);
    try {
      const b2: Block = [];
      const middle: Block = [{ op: 'Block', blocks: [b2] }, { op: 'Break', index: 1 }];
      let scanned = false;
      this.f.inBlock(middle, () =>
        this.f.inBlock(b2, () => {
          const b2Depth = this.f.depth;
          plan();
          scanned = this.f.depth !== b2Depth;
          this.emit({ op: 'Break', index: this.f.depth - b2Depth + 1 });
        }),
      );
      if (!scanned) {
        for (const s of b2.slice(0, -1)) this.emit(s);
      } else {
        this.emit({ op: 'Block', blocks: [middle] });
      }
    } finally {
      this.scope = saved;
    }
  }

  // ── unification ─────────────────────────────────────────────────────────────────────

  unify(a: Term, b: Term): void {
    const aOk = this.evaluable(a);
    const bOk = this.evaluable(b);
    if (aOk && bOk) {
      this.emit({ op: 'Equal', a: this.term(a), b: this.term(b) });
      return;
    }
    if (bOk) return this.unifyWith(a, this.term(b), false);
    if (aOk) return this.unifyWith(b, this.term(a), false);
    const pairs = pairsOf(a, b);
    if (!pairs) fail(a.loc, 'RG202', `cannot unify: ${unboundList(this, a, b)} unsafe`);
    let todo = pairs;
    while (todo.length > 0) {
      const i = todo.findIndex(([x, y]) => this.evaluable(x) || this.evaluable(y));
      if (i < 0) fail(a.loc, 'RG202', `cannot unify: ${unboundList(this, a, b)} unsafe`);
      const [x, y] = todo[i]!;
      todo = todo.filter((_, j) => j !== i);
      this.unify(x, y);
    }
  }

  /** Unifies a pattern term with a value; `declare` makes pattern vars fresh (`:=`, some). */
  unifyWith(p: Term, v: Operand, declare: boolean): void {
    switch (p.kind) {
      case 'var': {
        if (p.name === 'input' || p.name === 'data') break;
        const l = declare ? undefined : this.scope.get(p.name);
        if (l !== undefined) {
          this.emit({ op: 'Equal', a: { local: l }, b: v });
          return;
        }
        this.bindVar(p.name, v);
        return;
      }
      case 'array': {
        if (!declare && this.evaluable(p)) break;
        const src = v;
        this.emit({ op: 'IsArray', source: src });
        const n = this.f.local();
        this.emit({ op: 'Len', source: src, target: n });
        this.emit({ op: 'Equal', a: { local: n }, b: this.num(String(p.items.length)) });
        p.items.forEach((item, i) => {
          const e = this.f.local();
          this.emit({ op: 'Dot', source: src, key: this.num(String(i)), target: e });
          this.unifyWith(item, { local: e }, declare);
        });
        return;
      }
      case 'object': {
        if (!declare && this.evaluable(p)) break;
        const src = v;
        this.emit({ op: 'IsObject', source: src });
        const n = this.f.local();
        this.emit({ op: 'Len', source: src, target: n });
        this.emit({ op: 'Equal', a: { local: n }, b: this.num(String(p.entries.length)) });
        for (const ent of p.entries) {
          const e = this.f.local();
          this.emit({ op: 'Dot', source: src, key: this.term(ent.key), target: e });
          this.unifyWith(ent.value, { local: e }, declare);
        }
        return;
      }
      default:
        break;
    }
    this.emit({ op: 'Equal', a: this.term(p), b: v });
  }

  private bindVar(name: string, v: Operand): void {
    if ('local' in v) {
      this.scope.set(name, v.local);
      return;
    }
    const l = this.f.local();
    this.emit({ op: 'AssignVar', source: v, target: l });
    this.scope.set(name, l);
  }

  /** True when every var `t` needs as input is bound (ref-key vars may still iterate). */
  evaluable(t: Term): boolean {
    const need = new Set<string>();
    plainInputs(t, need);
    for (const n of need) if (this.scope.get(n) === undefined) return false;
    return true;
  }

  // ── terms ───────────────────────────────────────────────────────────────────────────

  num(text: string): Operand {
    return { number: this.svc.strings.intern(text) };
  }

  term(t: Term): Operand {
    switch (t.kind) {
      case 'null':
        return { null: true };
      case 'boolean':
        return { bool: t.value };
      case 'number':
        return this.num(t.text);
      case 'string':
        return this.str(t.value);
      case 'var':
        return this.varTerm(t.name, t.loc);
      case 'ref':
        return ref(this, t.head, t.path, t.loc);
      case 'array': {
        const c = constJson(t);
        if (c !== undefined) return { json: this.svc.strings.intern(c) };
        const r = this.f.local();
        const items = t.items.map((i) => this.term(i));
        this.emit({ op: 'MakeArray', capacity: items.length, target: r });
        for (const v of items) this.emit({ op: 'ArrayAppend', value: v, array: r });
        return { local: r };
      }
      case 'object': {
        const c = constJson(t);
        if (c !== undefined) return { json: this.svc.strings.intern(c) };
        const entries = t.entries.map((e) => [this.term(e.key), this.term(e.value)] as const);
        const r = this.f.local();
        this.emit({ op: 'MakeObject', target: r });
        for (const [k, v] of entries) this.emit({ op: 'ObjectInsert', key: k, value: v, object: r });
        return { local: r };
      }
      case 'set': {
        const items = t.items.map((i) => this.term(i));
        const r = this.f.local();
        this.emit({ op: 'MakeSet', target: r });
        for (const v of items) this.emit({ op: 'SetAdd', value: v, set: r });
        return { local: r };
      }
      case 'arrayCompr':
      case 'setCompr':
      case 'objectCompr':
        return comprehension(this, t);
      case 'call': {
        const n = this.svc.arity(t.name);
        if (n !== undefined && t.args.length !== n) {
          fail(t.loc, 'RG203', `${t.name}: expected ${n} argument(s), got ${t.args.length}`);
        }
        return call(this, t, t.args);
      }
      case 'binary': {
        if (t.op === '=' || t.op === ':=') fail(t.loc, 'RG207', `${t.op} may only appear at the top level of a body literal`);
        const a = this.term(t.left);
        const b = this.term(t.right);
        const r = this.f.local();
        this.emit({ op: 'Call', target: { builtin: OPERATOR_BUILTIN[t.op]! }, args: [a, b], result: r });
        return { local: r };
      }
      case 'in':
        return membershipValue(this, t);
    }
  }

  private varTerm(name: string, loc: Loc): Operand {
    if (name === 'input') {
      const key = `defined|${this.input}`;
      if (this.scope.recall(key) === undefined) {
        this.emit({ op: 'IsDefined', source: this.input });
        this.scope.remember(key, this.input);
      }
      return { local: this.input };
    }
    if (name === 'data') return dataRef(this, [], loc);
    const l = this.scope.get(name);
    if (l === undefined) fail(loc, 'RG202', `var ${displayName(name)} is unsafe`);
    return { local: l };
  }

}

function unboundList(bp: BodyPlanner, a: Term, b: Term): string {
  const need = new Set<string>();
  plainInputs(a, need);
  plainInputs(b, need);
  const names = [...need].filter((n) => bp.scope.get(n) === undefined).map(displayName);
  return names.length > 0 ? `var ${names.join(', ')}` : 'expression';
}

