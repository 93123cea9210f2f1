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
import type { ArrayComprehension, CallTerm, InTerm, Literal, Loc, ObjectComprehension, SetComprehension, Term, WithModifier } from '../syntax/ast.ts';
import { fail } from './diagnostics.ts';
import { Frame, StringTable } from './emitter.ts';
import type { Block, Local, Operand, Statement } from './ir.ts';
import { isPlannedBuiltin, OPERATOR_BUILTIN, vmBuiltinArity } from './builtins.ts';
import { makeCtx, orderBody, pairsOf, displayName } from './safety.ts';
import { checkDeclaredUsed, constJson, hasFunctions, plainInputs } from './terms.ts';
import { upsert } from './upsert.ts';
import type { TreeNode } from './tree.ts';
import { lookup } from './tree.ts';

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

/**
 * Which compiled copy of a document / function a call targets: '' is the memoised one.
 * Under `with` (input or data differ from the evaluation's) calls go to non-memoised copies,
 * 'w' followed by one '\u0001<path JSON>' per rule document the `with` replaced — those
 * copies read such documents from the patched data instead of computing them.
 */
export type Variant = string;

export function variantOverrides(v: Variant): string[] {
  return v === '' ? [] : v.split('\u0001').slice(1);
}

/** A function mock entry of a Variant: [replaced name, replacement name | null, value JSON | null]. */
export function mockOf(entry: string): [string, string | null, string | null] | undefined {
  return entry.startsWith('F') ? (JSON.parse(entry.slice(1)) as [string, string | null, string | null]) : undefined;
}

/** The mock entries of a variant whose value is computed at run time (`with f as x`): the
 *  copies take these values as extra parameters 2, 3, … after input and data, in this order. */
export function dynamicMocks(v: Variant): string[] {
  return variantOverrides(v).filter((e) => {
    const m = mockOf(e);
    return m !== undefined && m[1] === null && m[2] === null;
  });
}

export const INPUT: Local = 0;
export const DATA: Local = 1;

export class Scope {
  private readonly vars = new Map<string, Local>();
  /** Values already computed on the path to the insertion point (`local.key` lookups,
   *  IsDefined checks, memoised document calls), reused instead of recomputed. Valid for
   *  this scope and its children: everything planned in a scope runs after what was
   *  planned before it in that scope (later statements sit in the same or deeper blocks). */
  private readonly known = new Map<string, Local>();
  constructor(readonly parent?: Scope) {}

  recall(key: string): Local | undefined {
    return this.known.get(key) ?? this.parent?.recall(key);
  }

  remember(key: string, l: Local): void {
    this.known.set(key, l);
  }

  get(name: string): Local | undefined {
    return this.vars.get(name) ?? this.parent?.get(name);
  }

  set(name: string, l: Local): void {
    this.vars.set(name, l);
  }

  names(out: Set<string> = new Set()): Set<string> {
    this.parent?.names(out);
    for (const k of this.vars.keys()) out.add(k);
    return out;
  }
}

const TRUE: Operand = { bool: true };
const FALSE: Operand = { bool: false };

export class BodyPlanner {
  scope: Scope;
  /** Locals holding input and data: 0 and 1, except under a `with` modifier. */
  private input: Local = INPUT;
  private data: Local = DATA;

  /** Rule documents replaced by an enclosing `with` (path JSON): read from data. */
  private overrides: string[];
  /** Where the value of each dynamic mock entry lives in this frame. */
  private mockLocals: Map<string, Local>;

  /** `variant`: the copy being planned (see Variant); its calls stay in non-memoised copies. */
  constructor(readonly svc: PlanServices, readonly f: Frame, scope: Scope, readonly variant: Variant = '') {
    this.scope = scope;
    this.overrides = variantOverrides(variant);
    this.mockLocals = new Map(dynamicMocks(variant).map((e, j) => [e, 2 + j]));
  }

  /** Arguments every call into a document / function copy starts with. */
  private baseArgs(variant: Variant): Operand[] {
    return [{ local: this.input }, { local: this.data }, ...dynamicMocks(variant).map((e) => ({ local: this.mockLocals.get(e)! }))];
  }

  /** The variant of documents / functions to call from the current point. */
  private callVariant(withoutMocks = false): Variant {
    const o = [...new Set(this.overrides)].filter((e) => !withoutMocks || mockOf(e) === undefined).sort();
    if (this.variant === '' && this.input === INPUT && this.data === DATA && o.length === 0) return '';
    return 'w' + o.map((k) => `\u0001${k}`).join('');
  }

  private emit(s: Statement): void {
    this.f.emit(s);
  }

  private str(s: string): Operand {
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
    if (l.kind !== 'some' && l.with.length > 0) return this.withLiteral(l);
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

  // ── with ────────────────────────────────────────────────────────────────────────────

  /** `lit with input.a.b as v with data.x as w`: plan the literal with replaced input /
   *  data locals (upserted copies). Documents below a `with` are computed by their
   *  non-memoised variants. Replacing a rule document (`with data.pkg.rule as …`) is not
   *  supported (RG201). */
  private withLiteral(l: Exclude<Literal, { kind: 'some' }>): void {
    const saved = { input: this.input, data: this.data, overrides: this.overrides, mockLocals: this.mockLocals };
    const values = l.with.map((w) => this.term(w.value));
    try {
      l.with.forEach((w, i) => {
        if (w.fnTarget !== undefined) {
          const entry = this.mockEntry(w);
          this.overrides = [...this.overrides.filter((o) => mockOf(o)?.[0] !== w.fnTarget), entry];
          if (mockOf(entry)![2] === null && w.fnValue === undefined) {
            const v = values[i]!;
            let l: Local;
            if ('local' in v) l = v.local;
            else this.emit({ op: 'AssignVar', source: v, target: (l = this.f.local()) });
            this.mockLocals = new Map(this.mockLocals).set(entry, l);
          }
          return;
        }
        const root = (w.target.head as { name: string }).name;
        const path = w.target.path.map((p) => {
          if (p.kind !== 'string') fail(p.loc, 'RG201', '`with` targets must be constant paths');
          return p.value;
        });
        if (root === 'data' && this.replacesRules(path, w.loc)) this.overrides = [...this.overrides, JSON.stringify(path)];
        const upserted = this.upsert(root === 'input' ? this.input : this.data, path, values[i]!);
        if (root === 'input') this.input = upserted;
        else this.data = upserted;
      });
      this.literal({ ...l, with: [] } as Literal);
    } finally {
      this.input = saved.input;
      this.data = saved.data;
      this.overrides = saved.overrides;
      this.mockLocals = saved.mockLocals;
    }
  }

  /** Does `with data.<path>` replace rule documents (then they are read from the patched
   *  data)? A path inside a rule's document or naming a function is not supported. */
  private replacesRules(path: string[], loc: Loc): boolean {
    let node: TreeNode | undefined = this.svc.root;
    for (const [i, k] of path.entries()) {
      node = node.children.get(k);
      if (!node) return false;
      if (node.rules.length > 0 && i < path.length - 1) {
        fail(loc, 'RG201', `\`with\` replacing part of the rule document data.${node.path.join('.')} is not supported by the Wasm compiler`);
      }
    }
    if (hasFunctions(node)) fail(loc, 'RG201', `\`with\` replacing functions (data.${path.join('.')}) is not supported by the Wasm compiler`);
    return node.virtual;
  }

  /** The Variant entry for `with f as g` / `with f as value`: a value is passed to the
   *  copies below as an extra parameter (see dynamicMocks). */
  private mockEntry(w: WithModifier): string {
    const target = w.fnTarget!;
    const n = this.svc.arity(target);
    if (w.fnValue !== undefined) {
      const m = this.svc.arity(w.fnValue);
      if (m !== n) fail(w.loc, 'RG203', `\`with\` replacing ${target} (arity ${n}) by ${w.fnValue} (arity ${m}): arities differ`);
      return 'F' + JSON.stringify([target, w.fnValue, null]);
    }
    // The value (constant or not) is passed to the copies as a parameter, so that every
    // `with f as <value>` on the same targets shares one set of copies (linear size).
    return 'F' + JSON.stringify([target, null, null]);
  }

  private upsert(root: Local, path: string[], v: Operand): Local {
    return upsert(this.f, this.svc.strings, root, path, v);
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
    if (e.kind === 'call' && e.name === 'walk' && e.args.length === 2) return this.walk2(e);
    if (e.kind === 'call' && e.name === 'print') return this.print(e);
    if (e.kind === 'call') {
      const n = this.svc.arity(e.name);
      if (n !== undefined && e.args.length === n + 1) {
        const r = this.call(e, e.args.slice(0, n));
        return this.unifyWith(e.args[n]!, r, false);
      }
    }
    if (e.kind === 'in') return this.membershipTest(e);
    const v = this.term(e);
    this.emit({ op: 'NotEqual', a: v, b: FALSE });
  }

  /** `walk(x, out)`: iterates the [path, value] pairs of x's tree (OPA's relation
   *  builtin), computed by the planner's recursive walk Func. */
  private walk2(e: CallTerm): void {
    const x = this.term(e.args[0]!);
    const pairs = this.f.local();
    this.emit({ op: 'Call', target: { func: this.svc.walkFunc() }, args: [{ json: this.svc.strings.intern('[]') }, x], result: pairs });
    const k = this.f.local();
    const v = this.f.local();
    const body: Block = [];
    this.emit({ op: 'Scan', source: { local: pairs }, key: k, value: v, block: body });
    this.f.enter(body);
    this.unifyWith(e.args[1]!, { local: v }, false);
  }

  /** `print(…)`: the VM has no output channel, so print is a no-op — but, as in OPA, each
   *  argument is evaluated on its own (OPA collects it into a set, `<undefined>` when it has
   *  no value): unsafe vars are still errors, and the literal never fails or iterates. */
  private print(e: CallTerm): void {
    e.args.forEach((a, i) => {
      const v: Term = { kind: 'var', loc: a.loc, name: `$print${i}` };
      this.comprehension({ kind: 'setCompr', loc: a.loc, term: v, body: [{ kind: 'expr', loc: a.loc, negated: false, expr: { kind: 'binary', loc: a.loc, op: ':=', left: v, right: a }, with: [] }] } as SetComprehension);
    });
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

  private num(text: string): Operand {
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
        return this.ref(t.head, t.path, t.loc);
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
        return this.comprehension(t);
      case 'call': {
        const n = this.svc.arity(t.name);
        if (n !== undefined && t.args.length !== n) {
          fail(t.loc, 'RG203', `${t.name}: expected ${n} argument(s), got ${t.args.length}`);
        }
        return this.call(t, t.args);
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
        return this.membershipValue(t);
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
    if (name === 'data') return this.dataRef([], loc);
    const l = this.scope.get(name);
    if (l === undefined) fail(loc, 'RG202', `var ${displayName(name)} is unsafe`);
    return { local: l };
  }

  /** target := src[key] for a constant key, reusing an earlier identical lookup. */
  private dotConst(src: Operand, key: Operand, keyText: string): Operand {
    const ck = 'local' in src ? `dot|${src.local}|${keyText}` : undefined;
    const hit = ck === undefined ? undefined : this.scope.recall(ck);
    if (hit !== undefined) return { local: hit };
    const t = this.f.local();
    this.emit({ op: 'Dot', source: src, key, target: t });
    if (ck !== undefined) this.scope.remember(ck, t);
    return { local: t };
  }

  private ref(head: Term, path: Term[], loc: Loc): Operand {
    if (head.kind === 'var' && head.name === 'data') return this.dataRef(path, loc);
    const src = this.term(head);
    return this.walk(src, path);
  }

  /** Dots / scans along `path` from `src`. */
  private walk(src: Operand, path: Term[]): Operand {
    let cur = src;
    for (const p of path) {
      if (!this.evaluable(p)) {
        const k = this.f.local();
        const v = this.f.local();
        const body: Block = [];
        this.emit({ op: 'Scan', source: cur, key: k, value: v, block: body });
        this.f.enter(body);
        this.unifyWith(p, { local: k }, false);
        cur = { local: v };
      } else if (p.kind === 'string' || p.kind === 'number') {
        cur = this.dotConst(cur, this.term(p), p.kind === 'string' ? JSON.stringify(p.value) : `n${p.text}`);
      } else {
        const key = this.term(p);
        const t = this.f.local();
        this.emit({ op: 'Dot', source: cur, key, target: t });
        cur = { local: t };
      }
    }
    return cur;
  }

  /** A ref under `data`: rule documents are computed by their node functions, base
   *  documents are read from the data local, and a ref that stops at (or iterates over)
   *  a node holding rules below gets the merged object of that node. */
  dataRef(path: Term[], loc: Loc): Operand {
    let node = this.svc.root;
    let i = 0;
    for (;;) {
      if (this.overrides.length > 0 && this.overrides.includes(JSON.stringify(node.path))) {
        return this.walk(this.baseDots(node.path), path.slice(i));
      }
      if (node.rules.length > 0) {
        if (node.kind === 'function') fail(loc, 'RG203', `function data.${node.path.join('.')} used as a value`);
        return this.walk(this.callNode(node, loc), path.slice(i));
      }
      if (!node.virtual) return this.walk(this.baseDots(node.path), path.slice(i));
      if (i === path.length) return this.callNode(node, loc);
      const p = path[i]!;
      if (p.kind === 'string') {
        const c = node.children.get(p.value);
        if (c) {
          node = c;
          i++;
          continue;
        }
        return this.walk(this.baseDots(node.path), path.slice(i));
      }
      return this.walk(this.callNode(node, loc), path.slice(i));
    }
  }

  private callNode(node: TreeNode, loc: Loc): Operand {
    const fi = this.svc.nodeFunc(node, loc, this.callVariant());
    const args = this.baseArgs(this.callVariant());
    const key = `doc|${fi}|${JSON.stringify(args)}`;
    const hit = this.scope.recall(key);
    if (hit !== undefined) return { local: hit };
    const r = this.f.local();
    this.emit({ op: 'Call', target: { func: fi }, args, result: r });
    this.scope.remember(key, r);
    return { local: r };
  }

  private baseDots(path: string[]): Operand {
    let cur: Operand = { local: this.data };
    for (const k of path) cur = this.dotConst(cur, this.str(k), JSON.stringify(k));
    return cur;
  }

  call(t: CallTerm, args: Term[]): Operand {
    const ops = args.map((a) => this.term(a));
    const r = this.f.local();
    const entry = this.overrides.find((o) => mockOf(o)?.[0] === t.name);
    const mock = entry === undefined ? undefined : mockOf(entry);
    if (mock && mock[1] === null) {
      // `with f as value`: the arguments are still evaluated (undefined stays undefined)
      const source: Operand = mock[2] !== null ? { json: this.svc.strings.intern(mock[2]) } : { local: this.mockLocals.get(entry!)! };
      this.emit({ op: 'AssignVar', source, target: r });
      return { local: r };
    }
    // OPA evaluates a replacing function with no function mocks in effect (so a mock may
    // call what it replaces); input / data replacements still apply.
    if (mock) t = { ...t, name: mock[1]! };
    if (t.name.startsWith('data.')) {
      const node = lookup(this.svc.root, t.name.slice(5).split('.'));
      if (!node || node.kind !== 'function') fail(t.loc, 'RG203', `undefined function ${t.name}`);
      const variant = this.callVariant(mock !== undefined);
      const fi = this.svc.functionFunc(node, t.loc, variant);
      this.emit({ op: 'Call', target: { func: fi }, args: [...this.baseArgs(variant), ...ops], result: r });
    } else {
      const n = vmBuiltinArity(t.name);
      if (n === undefined && isPlannedBuiltin(t.name)) fail(t.loc, 'RG201', `${t.name} is only supported as a statement (${t.name === 'walk' ? 'walk(x, [path, value])' : 'print(…)'})`);
      if (n === undefined) {
        this.svc.unsupported(t.loc, `builtin ${t.name} is not supported by the Wasm compiler`);
        this.emit({ op: 'IsDefined', source: r }); // never assigned: fails (unreachable code)
        return { local: r };
      }
      if (ops.length !== n) fail(t.loc, 'RG203', `${t.name}: expected ${n} argument(s), got ${ops.length}`);
      this.emit({ op: 'Call', target: { builtin: t.name }, args: ops, result: r });
    }
    return { local: r };
  }

  // ── membership ──────────────────────────────────────────────────────────────────────

  /** `[k,] v in coll` as a boolean local. A set is probed with Dot (no scan); other
   *  collections are scanned; a constant set literal is scanned as a constant array (no
   *  set is built at run time — membership does not depend on duplicates or order). */
  private membershipValue(t: InTerm): Operand {
    const constItems = !t.key && t.collection.kind === 'set' ? t.collection.items.map(constJson) : undefined;
    const coll: Operand = constItems && constItems.every((c) => c !== undefined)
      ? { json: this.svc.strings.intern(`[${constItems.join(',')}]`) }
      : this.term(t.collection);
    const val = this.term(t.value);
    const key = t.key ? this.term(t.key) : undefined;
    const r = this.f.local();
    this.emit({ op: 'AssignVar', source: FALSE, target: r });
    const blocks: Block[] = [];
    const probeSet = !key && !('json' in coll);
    if (probeSet) {
      const tmp = this.f.local();
      blocks.push([
        { op: 'IsSet', source: coll },
        { op: 'Dot', source: coll, key: val, target: tmp },
        { op: 'AssignVar', source: TRUE, target: r },
      ]);
    }
    const scanBlock: Block = [];
    blocks.push(scanBlock);
    this.emit({ op: 'Block', blocks });
    this.f.inBlock(scanBlock, () => {
      const d0 = this.f.depth;
      if (probeSet) this.emit({ op: 'Not', block: [{ op: 'IsSet', source: coll }] });
      const k = this.f.local();
      const v = this.f.local();
      const body: Block = [];
      this.emit({ op: 'Scan', source: coll, key: k, value: v, block: body });
      this.f.enter(body);
      if (key) this.emit({ op: 'Equal', a: { local: k }, b: key });
      this.emit({ op: 'Equal', a: { local: v }, b: val });
      this.emit({ op: 'AssignVar', source: TRUE, target: r });
      this.emit({ op: 'Break', index: this.f.depth - d0 });
    });
    return { local: r };
  }

  private membershipTest(t: InTerm): void {
    const r = this.membershipValue(t);
    this.emit({ op: 'Equal', a: r, b: TRUE });
  }

  // ── comprehensions ──────────────────────────────────────────────────────────────────

  private comprehension(t: ArrayComprehension | SetComprehension | ObjectComprehension): Operand {
    const r = this.f.local();
    if (t.kind === 'arrayCompr') this.emit({ op: 'MakeArray', capacity: 0, target: r });
    else if (t.kind === 'setCompr') this.emit({ op: 'MakeSet', target: r });
    else this.emit({ op: 'MakeObject', target: r });
    const inner: Block = [];
    this.emit({ op: 'Block', blocks: [inner] });
    const saved = this.scope;
    this.scope = new Scope(saved);
    try {
      this.f.inBlock(inner, () => {
        const heads = t.kind === 'objectCompr' ? [t.key, t.value] : [t.term];
        this.body(t.body, heads, t.loc, () => {
          if (t.kind === 'arrayCompr') this.emit({ op: 'ArrayAppend', value: this.term(t.term), array: r });
          else if (t.kind === 'setCompr') this.emit({ op: 'SetAdd', value: this.term(t.term), set: r });
          else this.emit({ op: 'ObjectInsertOnce', key: this.term(t.key), value: this.term(t.value), object: r });
        });
      });
    } finally {
      this.scope = saved;
    }
    return { local: r };
  }
}

function unboundList(bp: BodyPlanner, a: Term, b: Term): string {
  const need = new Set<string>();
  plainInputs(a, need);
  plainInputs(b, need);
  const names = [...need].filter((n) => bp.scope.get(n) === undefined).map(displayName);
  return names.length > 0 ? `var ${names.join(', ')}` : 'expression';
}

