/**
 * Name resolution: rewrites a rule's terms so that what remains is unambiguous for the
 * later passes —
 * - a var that names a rule of the module's package becomes the ref `data.<pkg>.<name>`,
 *   an import alias becomes its ref (`data.x.y` / `input.x`);
 * - every `_` becomes a distinct fresh var `_$n`;
 * - user-function calls get their absolute name `data.<path>.f`; builtin names stay as is;
 * - declared locals (`some x`, `x := …`, `some x in …`, function parameters, `every k, v`)
 *   shadow rule names inside their body.
 * After this pass every remaining var other than `input` / `data` is a local variable.
 */
import type { Body, CallTerm, Literal, Loc, RegoModule, RefTerm, Term, VarTerm, WithModifier } from '../syntax/ast.ts';
import { fail } from './diagnostics.ts';
import { isKnownOpaBuiltin, isPlannedBuiltin, mockableArity, OPERATOR_BUILTIN, vmBuiltinArity } from './builtins.ts';
import type { TreeNode } from './tree.ts';
import { lookup } from './tree.ts';

export interface ModuleScope {
  module: RegoModule;
  root: TreeNode;
  pkg: TreeNode;
  /** Import alias → root var + path. */
  imports: Map<string, { root: 'data' | 'input'; path: string[] }>;
}

export function moduleScope(module: RegoModule, root: TreeNode): ModuleScope {
  const pkg = lookup(root, module.package.path)!;
  const imports = new Map<string, { root: 'data' | 'input'; path: string[] }>();
  for (const imp of module.imports) {
    const [head, ...rest] = imp.path;
    if (head === 'data' || head === 'input') {
      const alias = imp.alias ?? imp.path[imp.path.length - 1]!;
      imports.set(alias, { root: head, path: rest });
    } else if (head === 'rego' || head === 'future') {
      continue; // keyword imports: v1 syntax is the parser's only mode
    } else {
      fail(imp.loc, 'RG203', `invalid import ${imp.path.join('.')}: path must begin with input, data, rego or future`);
    }
  }
  return { module, root, pkg, imports };
}

export class Resolver {
  private fresh = 0;

  constructor(private readonly scope: ModuleScope) {}

  /** Resolves a body together with the head terms that see its variables. */
  body(body: Body, declared: Set<string>): Body {
    const inner = new Set(declared);
    collectDeclared(body, inner);
    return body.map((l) => this.literal(l, inner));
  }

  /** Resolves a rule clause: body, the head terms that see its variables, and the
   *  function's parameter patterns (whose vars are declared). */
  rule(body: Body, headTerms: Term[], args: Term[], declared: Set<string>): { body: Body; terms: Term[]; args: Term[] } {
    const inner = new Set(declared);
    collectDeclared(body, inner, new Set(declared));
    return {
      body: body.map((l) => this.literal(l, inner)),
      terms: headTerms.map((t) => this.term(t, inner)),
      args: args.map((a) => this.term(a, inner)),
    };
  }

  term(t: Term, declared: Set<string>): Term {
    switch (t.kind) {
      case 'null': case 'boolean': case 'number': case 'string':
        return t;
      case 'var':
        return this.var(t, declared);
      case 'ref': {
        const head = this.term(t.head, declared);
        const path = t.path.map((p) => this.term(p, declared));
        if (head.kind === 'ref') return { ...t, head: head.head, path: [...head.path, ...path] };
        return { ...t, head, path };
      }
      case 'array':
        return { ...t, items: t.items.map((i) => this.term(i, declared)) };
      case 'set':
        return { ...t, items: t.items.map((i) => this.term(i, declared)) };
      case 'object':
        return { ...t, entries: t.entries.map((e) => ({ key: this.term(e.key, declared), value: this.term(e.value, declared) })) };
      case 'arrayCompr':
      case 'setCompr': {
        const inner = new Set(declared);
        collectDeclared(t.body, inner);
        return { ...t, term: this.term(t.term, inner), body: t.body.map((l) => this.literal(l, inner)) };
      }
      case 'objectCompr': {
        const inner = new Set(declared);
        collectDeclared(t.body, inner);
        return { ...t, key: this.term(t.key, inner), value: this.term(t.value, inner), body: t.body.map((l) => this.literal(l, inner)) };
      }
      case 'call':
        return this.call(t, declared);
      case 'binary':
        return { ...t, left: this.term(t.left, declared), right: this.term(t.right, declared) };
      case 'in':
        return {
          ...t,
          key: t.key ? this.term(t.key, declared) : undefined,
          value: this.term(t.value, declared),
          collection: this.term(t.collection, declared),
        };
    }
  }

  private literal(l: Literal, declared: Set<string>): Literal {
    if ('with' in l && l.with.length > 0) {
      // Targets stay as written (`input…` / `data…` refs, checked by the planner) unless they
      // name a function or builtin (OPA's function mocking: `fnTarget`); values are resolved
      // in the literal's scope.
      const withs = l.with.map((w) => this.withModifier(w, declared));
      return { ...this.literal({ ...l, with: [] } as Literal, declared), with: withs } as Literal;
    }
    switch (l.kind) {
      case 'some':
        return l;
      case 'expr':
        return { ...l, expr: this.term(l.expr, declared) };
      case 'someIn':
        return {
          ...l,
          key: l.key ? this.term(l.key, declared) : undefined,
          value: this.term(l.value, declared),
          domain: this.term(l.domain, declared),
        };
      case 'every': {
        const inner = new Set(declared);
        if (l.key) inner.add(l.key.name);
        inner.add(l.value.name);
        collectDeclared(l.body, inner);
        return {
          ...l,
          key: l.key ? (this.var(l.key, inner) as VarTerm) : undefined,
          value: this.var(l.value, inner) as VarTerm,
          domain: this.term(l.domain, declared),
          body: l.body.map((b) => this.literal(b, inner)),
        };
      }
    }
  }

  private var(t: VarTerm, declared: Set<string>): Term {
    const name = t.name;
    if (name === '_') return { ...t, name: `_$${this.fresh++}` };
    if (declared.has(name) || name === 'input' || name === 'data') return t;
    const imp = this.scope.imports.get(name);
    if (imp) return ref(t, imp.root, imp.path);
    if (this.scope.pkg.children.has(name)) return ref(t, 'data', [...this.scope.pkg.path, name]);
    return t;
  }

  private call(t: CallTerm, declared: Set<string>): Term {
    const args = t.args.map((a) => this.term(a, declared));
    const name = this.callName(t.name, t.loc);
    if (name !== undefined) return { ...t, name, args };
    // a mockable builtin the VM lacks: RG201 unless a `with` mocks it (decided by the planner)
    if (mockableArity(t.name) !== undefined) return { ...t, args };
    if (isKnownOpaBuiltin(t.name)) fail(t.loc, 'RG201', `builtin ${t.name} is not supported by the Wasm compiler`);
    fail(t.loc, 'RG203', `undefined function ${t.name}`);
  }

  /** A call name as written → `data.<path>.f` for a user function, the name itself for a
   *  builtin the VM implements, undefined otherwise. A `data…` / imported name that is not
   *  a function is RG203. */
  private callName(written: string, loc: Loc): string | undefined {
    const segs = written.split('.');
    let path: string[] | undefined;
    if (segs[0] === 'data') path = segs.slice(1);
    else if (this.scope.imports.has(segs[0]!)) {
      const imp = this.scope.imports.get(segs[0]!)!;
      if (imp.root === 'data') path = [...imp.path, ...segs.slice(1)];
    } else if (this.scope.pkg.children.has(segs[0]!)) {
      const cand = [...this.scope.pkg.path, ...segs];
      const node = lookup(this.scope.root, cand);
      if (node && node.kind === 'function') path = cand;
    }
    if (path) {
      const node = lookup(this.scope.root, path);
      if (!node || node.kind !== 'function') fail(loc, 'RG203', `undefined function data.${path.join('.')}`);
      return `data.${path.join('.')}`;
    }
    return vmBuiltinArity(written) !== undefined || isPlannedBuiltin(written) ? written : undefined;
  }

  /** `with T as V`: T an input/data ref (kept as written), or a function / builtin (OPA's
   *  mocking) whose resolved name goes to `fnTarget`; V then names a function / builtin
   *  (`fnValue`) or is a value every call returns. */
  private withModifier(modifier: WithModifier, declared: Set<string>): WithModifier {
    const w = { ...modifier, target: this.aliasedTarget(modifier.target) };
    const target = this.mockTarget(w);
    if (target === undefined) return { ...w, value: this.term(w.value, declared) };
    const written = dottedName(w.value);
    if (written !== undefined && !declared.has(written.split('.')[0]!) && written.split('.')[0] !== 'input') {
      const fn = this.functionName(written);
      if (fn !== undefined) return { ...w, fnTarget: target, fnValue: fn, value: { kind: 'null', loc: w.value.loc } };
    }
    return { ...w, fnTarget: target, value: this.term(w.value, declared) };
  }

  /** A target starting with an import alias, as the ref it stands for (OPA resolves
   *  imports in `with` targets too: `import data.lib as l` … `with l.flag as 5`). */
  private aliasedTarget(t: RefTerm): RefTerm {
    const imp = t.head.kind === 'var' ? this.scope.imports.get(t.head.name) : undefined;
    if (!imp) return t;
    const at = t.head as VarTerm;
    const segs = imp.path.map((p): Term => ({ kind: 'string', loc: at.loc, value: p, raw: false }));
    return { ...t, head: { kind: 'var', loc: at.loc, name: imp.root }, path: [...segs, ...t.path] };
  }

  /** The resolved function name a `with` target replaces, or undefined for input/data
   *  document targets. */
  private mockTarget(w: WithModifier): string | undefined {
    const written = dottedName(w.target);
    const head = (w.target.head as VarTerm).name;
    if (head === 'input') return undefined;
    if (head === 'data') {
      if (written === undefined) return undefined;
      const node = lookup(this.scope.root, written.split('.').slice(1));
      return node && node.kind === 'function' ? written : undefined;
    }
    if (written === undefined) fail(w.loc, 'RG201', '`with` targets must be constant paths');
    const fn = this.functionName(written) ?? (mockableArity(written) !== undefined ? written : undefined);
    if (fn === undefined) {
      if (isKnownOpaBuiltin(written)) fail(w.loc, 'RG201', `\`with\` replacing builtin ${written} is not supported by the Wasm compiler (the VM lacks it)`);
      fail(w.loc, 'RG203', `invalid \`with\` target ${written}: not input, data, a function or a builtin`);
    }
    if (MOCK_UNSUPPORTED.has(fn)) fail(w.loc, 'RG201', `\`with\` replacing the operator builtin ${fn} is not supported by the Wasm compiler`);
    return fn;
  }

  /** Like callName, but undefined (not an error) for names that are no function. */
  private functionName(written: string): string | undefined {
    try {
      return this.callName(written, { file: '', line: 0, col: 0 } as Loc);
    } catch {
      return undefined;
    }
  }
}

/** Builtins that infix operators and membership compile to without a call site the mock
 *  could redirect (`a + b`, `a == b`, `x in xs`), and the ones the planner compiles itself. */
const MOCK_UNSUPPORTED = new Set([...Object.values(OPERATOR_BUILTIN), 'internal.member_2', 'internal.member_3', 'assign', 'eq', 'walk', 'print']);

/** `a.b.c` for a var or a ref with constant string keys, else undefined. */
function dottedName(t: Term): string | undefined {
  if (t.kind === 'var') return t.name;
  if (t.kind !== 'ref' || t.head.kind !== 'var') return undefined;
  const segs = [t.head.name];
  for (const p of t.path) {
    if (p.kind !== 'string') return undefined;
    segs.push(p.value);
  }
  return segs.join('.');
}

function ref(at: VarTerm, root: 'data' | 'input', path: string[]): Term {
  const head: VarTerm = { kind: 'var', loc: at.loc, name: root };
  if (path.length === 0) return head;
  return { kind: 'ref', loc: at.loc, head, path: path.map((p) => ({ kind: 'string', loc: at.loc, value: p, raw: false })) } satisfies RefTerm;
}

/** Adds the names a body declares (at its own level, not inside closures) to `out`.
 *  Declaring a name twice at one level is an error in OPA (`x := 1; x := 2`), also when
 *  the name is a function parameter (`own` holds those). */
export function collectDeclared(body: Body, out: Set<string>, own: Set<string> = new Set()): void {
  const declare = (names: Set<string>, at: Loc, verb: string): void => {
    for (const n of names) {
      if (own.has(n)) fail(at, 'RG207', `var ${n} ${verb} above`);
      own.add(n);
      out.add(n);
    }
  };
  for (const l of body) {
    if (l.kind === 'some') declare(new Set(l.vars.map((v) => v.name)), l.loc, 'declared');
    else if (l.kind === 'someIn') {
      const names = new Set<string>();
      if (l.key) patternVars(l.key, names);
      patternVars(l.value, names);
      declare(names, l.loc, 'declared');
    } else if (l.kind === 'expr' && l.expr.kind === 'binary' && l.expr.op === ':=') {
      const names = new Set<string>();
      assignable(l.expr.left);
      patternVars(l.expr.left, names);
      declare(names, l.loc, 'assigned');
    }
  }
}

/** OPA: the left side of `:=` holds only vars, arrays of them and object values of them
 *  (`1 := x` and `[x, 1] := y` are "cannot assign to number"). */
function assignable(t: Term): void {
  if (t.kind === 'var') return;
  if (t.kind === 'array') return t.items.forEach(assignable);
  if (t.kind === 'object') return t.entries.forEach((e) => assignable(e.value));
  fail(t.loc, 'RG207', `cannot assign to ${OPA_TYPE_NAME[t.kind]}`);
}

/** OPA's TypeName of a term that is not a var, array or object. */
const OPA_TYPE_NAME: Record<Exclude<Term['kind'], 'var' | 'array' | 'object'>, string> = {
  null: 'null', boolean: 'boolean', number: 'number', string: 'string', set: 'set', ref: 'ref', call: 'call', binary: 'call', in: 'call',
  arrayCompr: 'arraycomprehension', setCompr: 'setcomprehension', objectCompr: 'objectcomprehension',
};

/** Vars of a pattern (var / array / object values), e.g. the left side of `:=`. */
export function patternVars(t: Term, out: Set<string>): void {
  if (t.kind === 'var') {
    if (t.name !== '_') out.add(t.name);
  } else if (t.kind === 'array') for (const i of t.items) patternVars(i, out);
  else if (t.kind === 'object') for (const e of t.entries) patternVars(e.value, out);
}
