/**
 * Safety and literal ordering (as OPA's compiler does): a body's literals are reordered so
 * that every variable is bound before a literal needs it — greedily, keeping source order
 * among the literals that are ready. A body where no remaining literal is ready has unsafe
 * variables: reported like OPA's rego_unsafe_var_error.
 *
 * Inputs vs outputs: a plain var in a ref's key position (`xs[i]`) is an output (bound by
 * iteration); a var in a unification pattern (`x = …`, `[a, b] := …`, `some x in …`, a
 * call's output argument) is an output; everything else is an input. A closure (a
 * comprehension, an `every` body, a negated literal) needs the variables it shares with
 * the rest of the rule; its other variables are its own.
 */
import type { Literal, Loc, Term } from '../syntax/ast.ts';
import { fail } from './diagnostics.ts';
import { allLiteralVars, allVars, countLiteralVars, countVars } from './vars.ts';

export interface SafetyCtx {
  /** Vars bound before the body runs (parameters, enclosing scopes). */
  readonly outer: ReadonlySet<string>;
  /** Occurrences of vars outside closures in this body and the head terms that use it. */
  readonly occ: ReadonlyMap<string, number>;
  /** Arity of a (resolved) function name, to recognise output arguments. */
  readonly arity: (name: string) => number | undefined;
}

export function makeCtx(outer: ReadonlySet<string>, body: Literal[], headTerms: Term[], arity: SafetyCtx['arity']): SafetyCtx {
  const occ = new Map<string, number>();
  for (const l of body) countLiteralVars(l, occ);
  for (const t of headTerms) countVars(t, occ);
  return { outer, occ, arity };
}

/** Returns the literals in a safe evaluation order and the vars bound after them. */
export function orderBody(body: Literal[], ctx: SafetyCtx, at: Loc): { ordered: Literal[]; bound: Set<string> } {
  const bound = new Set(ctx.outer);
  const remaining = body.filter((l) => l.kind !== 'some');
  const ordered: Literal[] = [];
  while (remaining.length > 0) {
    const i = remaining.findIndex((l) => schedulable(l, bound, ctx));
    if (i < 0) {
      const l = remaining[0]!;
      const unsafe = [...literalNeeds(l, ctx)].filter((v) => !bound.has(v));
      const names = unsafe.length > 0 ? unsafe : [...nonClosureVars(l)].filter((v) => !bound.has(v));
      fail(l.loc, 'RG202', names.map((v) => `var ${displayName(v)} is unsafe`).join('; ') || 'unsafe expression');
    }
    const l = remaining.splice(i, 1)[0]!;
    ordered.push(l);
    for (const v of gives(l)) bound.add(v);
  }
  void at;
  return { ordered, bound };
}

export function displayName(v: string): string {
  return v.startsWith('_$') ? '_' : v;
}

function nonClosureVars(l: Literal): Set<string> {
  const occ = new Map<string, number>();
  countLiteralVars(l, occ);
  return new Set(occ.keys());
}

function gives(l: Literal): Set<string> {
  if (l.kind === 'every' || (l.kind === 'expr' && l.negated)) return new Set();
  return nonClosureVars(l);
}

/** Vars of a closure-like construct shared with the enclosing rule. */
function shared(vars: Set<string>, ctx: SafetyCtx, own?: Map<string, number>): Set<string> {
  const out = new Set<string>();
  for (const v of vars) {
    const elsewhere = (ctx.occ.get(v) ?? 0) - (own?.get(v) ?? 0);
    if (elsewhere > 0 || ctx.outer.has(v)) out.add(v);
  }
  return out;
}

/** The vars a literal needs bound, for the unsafe-var message. */
function literalNeeds(l: Literal, ctx: SafetyCtx): Set<string> {
  const out = new Set<string>();
  switch (l.kind) {
    case 'some':
      break;
    case 'expr':
      if (l.negated) return negationNeeds(l.expr, ctx);
      inputs(l.expr, ctx, out);
      break;
    case 'someIn':
      inputs(l.domain, ctx, out);
      break;
    case 'every':
      return everyNeeds(l, ctx);
  }
  return out;
}

function negationNeeds(t: Term, ctx: SafetyCtx): Set<string> {
  const own = new Map<string, number>();
  countVars(t, own);
  const all = new Set<string>();
  allVars(t, all);
  return shared(all, ctx, own);
}

function everyNeeds(l: Extract<Literal, { kind: 'every' }>, ctx: SafetyCtx): Set<string> {
  const out = new Set<string>();
  inputs(l.domain, ctx, out);
  const inner = new Set<string>();
  for (const b of l.body) allLiteralVars(b, inner);
  inner.delete(l.value.name);
  if (l.key) inner.delete(l.key.name);
  for (const v of shared(inner, ctx)) out.add(v);
  return out;
}

function schedulable(l: Literal, bound: Set<string>, ctx: SafetyCtx): boolean {
  if (l.kind !== 'some' && l.with.some((w) => !evaluable(w.value, bound, ctx))) return false;
  switch (l.kind) {
    case 'some':
      return true;
    case 'someIn':
      return evaluable(l.domain, bound, ctx) && (!l.key || pattern(l.key, bound, ctx)) && pattern(l.value, bound, ctx);
    case 'every':
      return subset(everyNeeds(l, ctx), bound);
    case 'expr': {
      if (l.negated) return subset(negationNeeds(l.expr, ctx), bound);
      return exprSchedulable(l.expr, bound, ctx);
    }
  }
}

export function exprSchedulable(e: Term, bound: Set<string>, ctx: SafetyCtx): boolean {
  if (e.kind === 'binary' && e.op === '=') return unifiable(e.left, e.right, bound, ctx);
  if (e.kind === 'binary' && e.op === ':=') return evaluable(e.right, bound, ctx) && pattern(e.left, bound, ctx);
  if (e.kind === 'call') {
    const n = ctx.arity(e.name);
    if (n !== undefined && e.args.length === n + 1) {
      return e.args.slice(0, n).every((a) => evaluable(a, bound, ctx)) && pattern(e.args[n]!, bound, ctx);
    }
  }
  return evaluable(e, bound, ctx);
}

function subset(a: Set<string>, b: Set<string>): boolean {
  for (const v of a) if (!b.has(v)) return false;
  return true;
}

/** Vars that must be bound to evaluate `t` as a value. */
export function inputs(t: Term, ctx: SafetyCtx, out: Set<string>): void {
  switch (t.kind) {
    case 'var':
      if (t.name !== 'input' && t.name !== 'data') out.add(t.name);
      return;
    case 'ref':
      inputs(t.head, ctx, out);
      for (const p of t.path) keyInputs(p, ctx, out);
      return;
    case 'array': case 'set':
      for (const i of t.items) inputs(i, ctx, out);
      return;
    case 'object':
      for (const e of t.entries) {
        inputs(e.key, ctx, out);
        inputs(e.value, ctx, out);
      }
      return;
    case 'call':
      for (const a of t.args) inputs(a, ctx, out);
      return;
    case 'binary':
      inputs(t.left, ctx, out);
      inputs(t.right, ctx, out);
      return;
    case 'in':
      if (t.key) inputs(t.key, ctx, out);
      inputs(t.value, ctx, out);
      inputs(t.collection, ctx, out);
      return;
    case 'arrayCompr': case 'setCompr': case 'objectCompr': {
      const all = new Set<string>();
      allVars(t, all);
      for (const v of shared(all, ctx)) out.add(v);
      return;
    }
    default:
      return;
  }
}

/** A ref key binds its vars by iteration, also inside array/object key patterns. */
function keyInputs(p: Term, ctx: SafetyCtx, out: Set<string>): void {
  if (p.kind === 'var') return;
  if (p.kind === 'array') for (const i of p.items) keyInputs(i, ctx, out);
  else if (p.kind === 'object') for (const e of p.entries) {
    inputs(e.key, ctx, out);
    keyInputs(e.value, ctx, out);
  } else inputs(p, ctx, out);
}

export function evaluable(t: Term, bound: Set<string>, ctx: SafetyCtx): boolean {
  const need = new Set<string>();
  inputs(t, ctx, need);
  return subset(need, bound);
}

/** Can `t` take a value by unification (binding its unbound vars)? */
export function pattern(t: Term, bound: Set<string>, ctx: SafetyCtx): boolean {
  switch (t.kind) {
    case 'var':
      return true;
    case 'array':
      return t.items.every((i) => pattern(i, bound, ctx));
    case 'object':
      return t.entries.every((e) => evaluable(e.key, bound, ctx) && pattern(e.value, bound, ctx));
    default:
      return evaluable(t, bound, ctx);
  }
}

export function unifiable(a: Term, b: Term, bound: Set<string>, ctx: SafetyCtx): boolean {
  if (evaluable(a, bound, ctx) && pattern(b, bound, ctx)) return true;
  if (evaluable(b, bound, ctx) && pattern(a, bound, ctx)) return true;
  const pairs = pairsOf(a, b);
  if (!pairs) return false;
  const local = new Set(bound);
  let todo = pairs;
  while (todo.length > 0) {
    const ready = todo.filter(([x, y]) => unifiable(x, y, local, ctx));
    if (ready.length === 0) return false;
    for (const [x, y] of ready) {
      allVars(x, local);
      allVars(y, local);
    }
    todo = todo.filter((p) => !ready.includes(p));
  }
  return true;
}

/** Element pairs when both sides are arrays of equal length (or objects with the same
 *  constant keys): unification then proceeds pairwise. */
export function pairsOf(a: Term, b: Term): [Term, Term][] | undefined {
  if (a.kind === 'array' && b.kind === 'array' && a.items.length === b.items.length) {
    return a.items.map((x, i) => [x, b.items[i]!]);
  }
  if (a.kind === 'object' && b.kind === 'object' && a.entries.length === b.entries.length) {
    const out: [Term, Term][] = [];
    for (const e of a.entries) {
      const k = constKey(e.key);
      if (k === undefined) return undefined;
      const f = b.entries.find((x) => constKey(x.key) === k);
      if (!f) return undefined;
      out.push([e.value, f.value]);
    }
    return out;
  }
  return undefined;
}

function constKey(t: Term): string | undefined {
  switch (t.kind) {
    case 'string': return JSON.stringify(t.value);
    case 'number': return `n:${t.value}`;
    case 'boolean': return String(t.value);
    case 'null': return 'null';
    default: return undefined;
  }
}
