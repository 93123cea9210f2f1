/**
 * A symbolic evaluator of Rego — the subset rolec's backend emits — over concrete data
 * (data.json) and the symbolic request (input.ts). It reads the emitted modules' AST
 * (src/regowasm/syntax) and answers, for a rule, its value as alternatives
 * (condition, value): what the engine computes, as terms, with nothing restated from the
 * compiler.
 *
 *  - a body is a conjunction: each literal narrows the alternatives; `some x in C`
 *    branches over C's elements (data: each element; a partial set: each element under
 *    its membership; a symbolic input array: a deferred element, made concrete when it is
 *    used as a key into data — `member(k, S)` — since data has finitely many keys);
 *  - `not L` holds where no alternative of L succeeds;
 *  - a partial set rule is a set of concrete elements, each under the disjunction of the
 *    bodies that yield it; a complete rule or function a value per alternative, the
 *    default where no body holds, and a conflict error where two bodies disagree;
 *  - a reference indexed with a symbolic key branches over the data's concrete keys.
 *
 * Whatever it cannot express is reported (`report`, V0102) and read as undefined.
 */
import type { Body, Literal, RegoModule, Rule, Term as Ast } from '../../regowasm/syntax/index.ts';
import { and, FALSE, not, or, termKey, TRUE, type Defs, type Term } from '../term.ts';
import * as B from './builtins.ts';
import { callBuiltin } from './calls.ts';
import { indexValue, type Env, type Res } from './lookup.ts';
import type { RegoInput } from './input.ts';
import { json, jsonKey, valKey, type Item, type Json, type Val } from './values.ts';

/** One way an expression evaluates: under condition g, with value v and bindings env. */
export type { Env, Res };
/** One way a body succeeds. */
interface State {
  g: Term;
  env: Env;
}

export interface Report {
  (where: string, construct: string): void;
}

export class RegoEvaluator {
  private readonly rules = new Map<string, Rule[]>();
  private readonly ruleMemo = new Map<string, Res[] | 'pending'>();
  private readonly fnMemo = new Map<string, Res[]>();
  /** Conditions under which the engine reports a conflict (two values for one rule). */
  readonly conflicts: Term[] = [];
  private fresh = 0;

  constructor(
    modules: readonly RegoModule[],
    private readonly data: Json,
    private readonly input: RegoInput,
    private readonly defs: Defs,
    private readonly report: Report,
    /** The entrypoint's package (`rolec/authz/decision` → ['rolec', 'authz']). */
    private readonly pkg: readonly string[],
    private readonly prefix = 'rego:',
  ) {
    for (const mod of modules) {
      if (mod.package.path.join('.') !== pkg.join('.')) {
        report(mod.loc.file, `package ${mod.package.path.join('.')}`);
        continue;
      }
      for (const r of mod.rules) {
        if (r.head.general || r.head.path.length !== 1) {
          report(`${r.loc.file}:${r.loc.line}`, 'rule with a reference head');
          continue;
        }
        this.rules.set(r.head.name, [...(this.rules.get(r.head.name) ?? []), r]);
      }
    }
  }

  private define(name: string, g: Term): Term {
    return this.defs.define(`${this.prefix}${name}#${this.fresh++}`, g);
  }

  /** `data.rolec.authz.<rule>.<field>`, an object-literal field read without evaluating its siblings. */
  ruleField(rule: string, field: string): Res[] {
    const at = { kind: 'string', loc: { file: '', line: 0, col: 0 }, value: field, raw: false } as const;
    return this.ref(rule, [at], new Map(), TRUE, rule);
  }

  // ------------------------------------------------------------------ rules and functions

  /** The value of a complete or partial-set rule (memoised: rules read no locals). */
  ruleValue(name: string): Res[] {
    const hit = this.ruleMemo.get(name);
    if (hit === 'pending') {
      this.report(name, 'recursive rule');
      return [];
    }
    if (hit) return hit;
    this.ruleMemo.set(name, 'pending');
    const out = this.computeRule(name, this.rules.get(name) ?? []);
    this.ruleMemo.set(name, out);
    return out;
  }

  private computeRule(name: string, defs: Rule[]): Res[] {
    const empty = new Map<string, Val>();
    if (defs.some((r) => r.head.ruleKind === 'partialSet')) {
      const items = new Map<string, Item>();
      for (const r of defs) {
        const where = `${r.loc.file}:${r.loc.line} ${name}`;
        if (r.head.ruleKind !== 'partialSet' || !r.head.key) {
          this.report(where, `${r.head.ruleKind} rule beside partial set rules`);
          continue;
        }
        for (const s of this.body(r.body, empty, TRUE, where)) {
          for (const k of this.term(r.head.key, s.env, s.g, where)) {
            if (k.v.k !== 'json') {
              this.report(where, `partial set element of kind ${k.v.k}`);
              continue;
            }
            const key = jsonKey(k.v.v);
            const g = and(s.g, k.g);
            items.set(key, { v: k.v, g: or(items.get(key)?.g ?? FALSE, g) });
          }
        }
      }
      for (const [key, i] of items) i.g = this.define(`${name}[${key}]`, i.g);
      return [{ g: TRUE, v: { k: 'set', items }, env: empty }];
    }
    let dflt: Val | undefined;
    const bodies: Res[] = [];
    for (const r of defs) {
      const where = `${r.loc.file}:${r.loc.line} ${name}`;
      if (r.head.ruleKind !== 'complete') {
        this.report(where, `${r.head.ruleKind} rule read as a value`);
        continue;
      }
      if (r.else.length) this.report(where, 'else');
      const valueOf = (s: State) => (r.head.value ? this.term(r.head.value, s.env, s.g, where) : [{ g: TRUE, v: B.boolVal(TRUE), env: s.env }]);
      if (r.default) {
        const d = valueOf({ g: TRUE, env: empty });
        if (d.length !== 1 || d[0]!.g.op !== 'bool') this.report(where, 'default with a non-constant value');
        else dflt = d[0]!.v;
        continue;
      }
      for (const s of this.body(r.body, empty, TRUE, where)) for (const x of valueOf(s)) bodies.push({ g: and(s.g, x.g), v: x.v, env: empty });
    }
    return this.group(name, bodies, dflt);
  }

  /** Alternatives grouped by value; two values at once is a conflict; the default elsewhere. */
  private group(name: string, alts: Res[], dflt?: Val): Res[] {
    const byValue = new Map<string, Res>();
    for (const a of alts) {
      if (a.g.op === 'bool' && !a.g.value) continue;
      const k = valKey(a.v);
      const prev = byValue.get(k);
      byValue.set(k, { g: or(prev?.g ?? FALSE, a.g), v: a.v, env: a.env });
    }
    const out = [...byValue.values()].map((a) => ({ ...a, g: this.define(name, a.g) }));
    for (let i = 0; i < out.length; i++) for (let j = i + 1; j < out.length; j++) this.conflicts.push(and(out[i]!.g, out[j]!.g));
    if (dflt) out.push({ g: not(or(...out.map((a) => a.g))), v: dflt, env: new Map() });
    return out;
  }

  /** A call of a function of the package with argument values (memoised by value). */
  private callFunction(name: string, args: Val[], where: string): Res[] {
    const key = `${name}(${args.map(valKey).join(',')})`;
    const hit = this.fnMemo.get(key);
    if (hit) return hit;
    const alts: Res[] = [];
    for (const r of this.rules.get(name) ?? []) {
      const at = `${r.loc.file}:${r.loc.line} ${name}`;
      if (r.head.ruleKind !== 'function' || r.default || r.else.length || r.head.args?.length !== args.length) {
        this.report(at, 'function definition of another shape');
        continue;
      }
      const env = new Map<string, Val>();
      let ok = true;
      r.head.args.forEach((p, i) => {
        if (p.kind !== 'var') ok = false;
        else if (p.name !== '_') env.set(p.name, args[i]!);
      });
      if (!ok) {
        this.report(at, 'function parameter pattern');
        continue;
      }
      for (const s of this.body(r.body, env, TRUE, at)) {
        const vals = r.head.value ? this.term(r.head.value, s.env, s.g, at) : [{ g: TRUE, v: B.boolVal(TRUE), env: s.env }];
        for (const x of vals) alts.push({ g: and(s.g, x.g), v: x.v, env: s.env });
      }
    }
    const out = this.group(`${name}()`, alts);
    this.fnMemo.set(key, out);
    return out;
  }

  // ------------------------------------------------------------------ bodies

  /** The ways a body succeeds; `known` holds wherever it runs (for simplification only). */
  body(lits: Body, env: Env, known: Term, where: string): State[] {
    let states: State[] = [{ g: TRUE, env }];
    for (const lit of lits) {
      const next: State[] = [];
      for (const s of states) {
        for (const r of this.literal(lit, s.env, and(known, s.g), where)) {
          const g = and(s.g, r.g);
          if (!(g.op === 'bool' && !g.value)) next.push({ g, env: r.env });
        }
      }
      states = next;
    }
    return states;
  }

  private literal(lit: Literal, env: Env, known: Term, where: string): State[] {
    switch (lit.kind) {
      case 'some':
        return [{ g: TRUE, env }];
      case 'every':
        this.report(where, 'every');
        return [];
      case 'someIn': {
        if (lit.with.length) this.report(where, 'with');
        const out: State[] = [];
        for (const d of this.term(lit.domain, env, known, where)) {
          for (const it of this.iterate(d.v, lit.value, where)) {
            const e = new Map(d.env);
            if (!this.bind(lit.value, it.v, e, where) || (lit.key && !this.bind(lit.key, it.key, e, where))) continue;
            out.push({ g: and(d.g, it.g), env: e });
          }
        }
        return out;
      }
      case 'expr': {
        if (lit.with.length) {
          this.report(where, 'with');
          return [];
        }
        const x = lit.expr;
        if (!lit.negated && x.kind === 'binary' && (x.op === ':=' || (x.op === '=' && x.left.kind === 'var' && !env.has(x.left.name)))) {
          if (x.left.kind !== 'var') {
            this.report(where, `destructuring ${x.op}`);
            return [];
          }
          return this.term(x.right, env, known, where).flatMap((r) => {
            const e = new Map(r.env);
            return this.bind(x.left, r.v, e, where) ? [{ g: r.g, env: e }] : [];
          });
        }
        const rs = this.term(x.kind === 'binary' && x.op === '=' ? { ...x, op: '==' } : x, env, known, where, lit.negated);
        if (!lit.negated) return rs.map((r) => ({ g: and(r.g, B.truthy(r.v)), env: r.env }));
        return [{ g: not(or(...rs.map((r) => and(r.g, B.truthy(r.v))))), env }];
      }
    }
  }

  private bind(pattern: Ast, v: Val, env: Map<string, Val>, where: string): boolean {
    if (pattern.kind !== 'var') {
      this.report(where, `pattern of kind ${pattern.kind}`);
      return false;
    }
    if (pattern.name !== '_') env.set(pattern.name, v.k === 'elem' || v.k === 'relem' ? { ...v, name: pattern.name } : v);
    return true;
  }

  /** The elements (with keys) of a collection; a symbolic one yields one deferred element. */
  private iterate(c: Val, as: Ast, where: string): { g: Term; key: Val; v: Val }[] {
    const name = as.kind === 'var' ? as.name : '_';
    switch (c.k) {
      case 'json':
        if (Array.isArray(c.v)) return c.v.map((x, i) => ({ g: TRUE, key: json(i), v: json(x) }));
        if (c.v && typeof c.v === 'object') return Object.entries(c.v).map(([k, x]) => ({ g: TRUE, key: json(k), v: json(x) }));
        return [];
      case 'set':
        return [...c.items.values()].map((i) => ({ g: i.g, key: i.v, v: i.v }));
      case 'obj':
        return [...c.entries].map(([k, i]) => ({ g: i.g, key: json(JSON.parse(k) as Json), v: i.v }));
      case 'sym':
      case 'gsym':
        if (c.sort === 'StrSet' || c.sort === 'IntSet') {
          const elem: Val = { k: 'elem', of: c.t, sort: c.sort, name };
          return [{ g: c.k === 'gsym' ? c.g : TRUE, key: elem, v: elem }];
        }
        break;
      case 'range':
        return [{ g: TRUE, key: json(null), v: { k: 'relem', lo: c.lo, hi: c.hi, name } }];
    }
    this.report(where, `iteration over a ${c.k} value`);
    return [];
  }

  // ------------------------------------------------------------------ terms

  /** The alternatives of a term. `negated`: under `not` (a deferred element may not be resolved there). */
  term(t: Ast, env: Env, known: Term, where: string, negated = false): Res[] {
    const one = (v: Val): Res[] => [{ g: TRUE, v, env }];
    const implied = impliedBy(known);
    const guard = (f: () => Term): Res[] => {
      try {
        return one(B.boolVal(f()));
      } catch (e) {
        return this.unmodelled(e, where);
      }
    };
    switch (t.kind) {
      case 'null':
        return one(json(null));
      case 'boolean':
        return one(json(t.value));
      case 'number':
        return one(json(t.value));
      case 'string':
        return one(json(t.value));
      case 'var':
        return this.ref(t.name, [], env, known, where);
      case 'ref':
        if (t.head.kind !== 'var') {
          this.report(where, `reference with a ${t.head.kind} head`);
          return [];
        }
        return this.ref(t.head.name, t.path, env, known, where, negated);
      case 'array':
      case 'set':
        return this.terms(t.items, env, known, where).map((r) => {
          if (t.kind === 'array') return { ...r, v: r.vs.every((x) => x.k === 'json') ? json(r.vs.map((x) => (x as { v: Json }).v)) : { k: 'tuple', items: r.vs } };
          const items = new Map<string, Item>();
          for (const x of r.vs) {
            if (x.k !== 'json') this.report(where, `set literal with a ${x.k} element`);
            else items.set(jsonKey(x.v), { v: x, g: TRUE });
          }
          return { ...r, v: { k: 'set', items } };
        });
      case 'setCompr':
        return this.setComprehension(t.term, t.body, env, known, where);
      case 'objectCompr':
        return this.objectComprehension(t.key, t.value, t.body, env, known, where);
      case 'in':
        if (t.key) {
          this.report(where, 'key-value membership');
          return [];
        }
        return this.terms([t.value, t.collection], env, known, where).flatMap((r) => guard(() => B.membership(r.vs[0]!, r.vs[1]!, implied)).map((x) => ({ ...x, g: r.g, env: r.env })));
      case 'binary':
        return this.terms([t.left, t.right], env, known, where).flatMap((r) => {
          const [a, b] = r.vs as [Val, Val];
          if (t.op === '&' || t.op === '-') return [{ g: r.g, v: { k: 'setop', op: t.op, left: a, right: b }, env: r.env }];
          if (t.op === '==' || t.op === '!=' || t.op === '<' || t.op === '<=' || t.op === '>' || t.op === '>=') {
            const op = t.op;
            return guard(() => B.compare(op, a, b, implied)).map((x) => ({ ...x, g: r.g, env: r.env }));
          }
          this.report(where, `operator ${t.op}`);
          return [];
        });
      case 'call':
        return this.call(t.name, t.args, env, known, where);
      default:
        this.report(where, t.kind);
        return [];
    }
  }

  /** Several terms evaluated left to right: every combination of their alternatives. */
  private terms(ts: readonly Ast[], env: Env, known: Term, where: string): { g: Term; vs: Val[]; env: Env }[] {
    let acc: { g: Term; vs: Val[]; env: Env }[] = [{ g: TRUE, vs: [], env }];
    for (const t of ts) {
      acc = acc.flatMap((a) => this.term(t, a.env, and(known, a.g), where).map((r) => ({ g: and(a.g, r.g), vs: [...a.vs, r.v], env: r.env })));
    }
    return acc.filter((a) => !(a.g.op === 'bool' && !a.g.value));
  }

  private unmodelled(e: unknown, where: string): Res[] {
    if (e instanceof B.Unmodelled) {
      this.report(where, e.message);
      return [];
    }
    throw e;
  }

  /** A reference: a local, input, data (rolec.authz.* are this package's rules), or a rule. */
  private ref(head: string, path: readonly Ast[], env: Env, known: Term, where: string, negated = false): Res[] {
    let start: Res[];
    let rest = path;
    const seg = (i: number) => (path[i]?.kind === 'string' ? (path[i] as { value: string }).value : undefined);
    if (env.has(head)) start = [{ g: TRUE, v: env.get(head)!, env }];
    else if (head === 'input') start = this.input.read([]).map((a) => ({ ...a, env }));
    else if (head === 'data' && this.pkg.every((p, i) => seg(i) === p) && seg(this.pkg.length) !== undefined) {
      return this.ref(seg(this.pkg.length)!, path.slice(this.pkg.length + 1), env, known, where, negated);
    }
    else if (head === 'data') start = [{ g: TRUE, v: json(this.data), env }];
    else if (this.rules.has(head)) {
      const lazy = this.objectLiteralField(head, seg(0));
      if (lazy) {
        start = this.term(lazy, env, known, `${where} → ${head}`);
        rest = path.slice(1);
      } else start = this.ruleValue(head).map((a) => ({ ...a, env }));
    } else {
      this.report(where, `reference to ${head}`);
      return [];
    }
    let acc = start;
    for (const p of rest) {
      acc = acc.flatMap((a) =>
        this.term(p, a.env, and(known, a.g), where).flatMap((k) => this.index(a.v, k.v, k.env, where, negated).map((x) => ({ g: and(a.g, k.g, x.g), v: x.v, env: x.env }))),
      );
    }
    return acc.filter((a) => !(a.g.op === 'bool' && !a.g.value));
  }

  /** `rule.field` of a rule that is one object literal (`decision := {...}`): that field's term. */
  private objectLiteralField(rule: string, field: string | undefined): Ast | undefined {
    const defs = this.rules.get(rule) ?? [];
    const r = defs[0];
    if (field === undefined || defs.length !== 1 || !r || r.body.length || r.head.ruleKind !== 'complete' || r.head.value?.kind !== 'object') return undefined;
    return r.head.value.entries.find((e) => e.key.kind === 'string' && e.key.value === field)?.value;
  }

  /** `coll[key]` (lookup.ts); what it cannot express is reported and undefined. */
  private index(coll: Val, key: Val, env: Env, where: string, negated: boolean): Res[] {
    try {
      return indexValue(coll, key, env, negated, (path) => this.input.read(path));
    } catch (e) {
      return this.unmodelled(e, where);
    }
  }

  private setComprehension(term: Ast, body: Body, env: Env, known: Term, where: string): Res[] {
    const items = new Map<string, Item>();
    const syms: Val[] = [];
    for (const s of this.body(body, env, known, where)) {
      for (const r of this.term(term, s.env, and(known, s.g), where)) {
        const g = and(s.g, r.g);
        if (r.v.k === 'json') items.set(jsonKey(r.v.v), { v: r.v, g: or(items.get(jsonKey(r.v.v))?.g ?? FALSE, g) });
        else if (r.v.k === 'elem') syms.push(g.op === 'bool' ? { k: 'sym', t: r.v.of, sort: r.v.sort } : { k: 'gsym', t: r.v.of, sort: r.v.sort, g });
        else this.report(where, `comprehension element of kind ${r.v.k}`);
      }
    }
    if (syms.length === 1 && items.size === 0) return [{ g: TRUE, v: syms[0]!, env }];
    if (syms.length) this.report(where, 'comprehension mixing symbolic and concrete elements');
    return [{ g: TRUE, v: { k: 'set', items }, env }];
  }

  private objectComprehension(keyT: Ast, valueT: Ast, body: Body, env: Env, known: Term, where: string): Res[] {
    const entries = new Map<string, Item>();
    for (const s of this.body(body, env, known, where)) {
      for (const r of this.terms([keyT, valueT], s.env, and(known, s.g), where)) {
        const [k, v] = r.vs as [Val, Val];
        if (k.k !== 'json' || typeof k.v !== 'string') {
          this.report(where, `object comprehension key of kind ${k.k}`);
          continue;
        }
        const key = JSON.stringify(k.v);
        const prev = entries.get(key);
        if (prev && valKey(prev.v) !== valKey(v)) this.report(where, 'object comprehension with two values for one key');
        entries.set(key, { v, g: or(prev?.g ?? FALSE, and(s.g, r.g)) });
      }
    }
    return [{ g: TRUE, v: { k: 'obj', entries }, env }];
  }

  private call(name: string, args: readonly Ast[], env: Env, known: Term, where: string): Res[] {
    return this.terms(args, env, known, where).flatMap((r) => {
      const at = (x: { g: Term; v: Val }[]) => x.map((y) => ({ g: and(r.g, y.g), v: y.v, env: r.env }));
      try {
        const out = callBuiltin(name, r.vs, (k, g) => this.define(k, g));
        if (out) return at(out);
        if (this.rules.has(name)) return at(this.callFunction(name, r.vs, where));
      } catch (e) {
        return this.unmodelled(e, where);
      }
      this.report(where, `call ${name}(${r.vs.map((v) => v.k).join(', ')})`);
      return [];
    });
  }
}

/** A test that g holds wherever `known` does: each conjunct of g is a conjunct of known. */
function impliedBy(known: Term): (g: Term) => boolean {
  let facts: Set<string> | undefined;
  return (g) => {
    if (g.op === 'bool') return g.value;
    facts ??= new Set((known.op === 'and' ? known.args : [known]).map(termKey));
    return (g.op === 'and' ? g.args : [g]).every((c) => facts!.has(termKey(c)));
  };
}
