/**
 * Compile-time type checking of builtin calls, as OPA's checker (rego_type_error): the type
 * of every argument is inferred — literals, composite literals, locals bound by `:=` / `=` /
 * `some … in` / output arguments, comprehensions, builtin results, operators — and a call
 * whose argument cannot be of the declared type is an error, worded as OPA words it:
 *
 *   contains: invalid argument(s)
 *       have: (number, string)
 *       want: (string, string)
 *
 * What cannot be inferred (input, data, rule documents, user-function results, vars bound
 * later in the body) is `any`, which fits every declaration: the checker only rejects
 * calls that can never succeed, never a call OPA accepts.
 */
import type { Body, CallTerm, Literal, Loc, Term } from '../syntax/ast.ts';
import { FROM_CAPABILITIES, FROM_DOCS, NEWER_THAN_CAPABILITIES } from './decls.ts';
import { ANY, BOOLEAN, elementType, fits, NULL, NUMBER, parseFunc, printType, STRING, union } from './types.ts';
import type { FuncType, Type } from './types.ts';

export interface TypeErrorReport {
  loc: Loc;
  message: string;
}

const OPERATOR_NAMES: Record<string, string> = {
  '==': 'equal', '!=': 'neq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte',
  '+': 'plus', '-': 'minus', '*': 'mul', '/': 'div', '%': 'rem', '|': 'or', '&': 'and',
};

const parsed = new Map<string, FuncType | null>();

/** The declared type of a builtin (undefined for user functions and unknown names). */
export function builtinType(name: string): FuncType | undefined {
  let f = parsed.get(name);
  if (f === undefined) {
    const text = [NEWER_THAN_CAPABILITIES, FROM_DOCS, FROM_CAPABILITIES].find((t) => Object.prototype.hasOwnProperty.call(t, name))?.[name];
    f = text === undefined ? null : parseFunc(text);
    parsed.set(name, f);
  }
  return f ?? undefined;
}

type Env = Map<string, Type>;

/** Checks one (resolved) rule body and its head terms; reports every ill-typed call. */
export function checkRule(body: Body, headTerms: Term[], report: (e: TypeErrorReport) => void): void {
  const env: Env = new Map();
  checkBody(body, env, report);
  for (const t of headTerms) typeOf(t, env, report);
}

function checkBody(body: Body, env: Env, report: (e: TypeErrorReport) => void): void {
  for (const l of body) literal(l, env, report);
}

function literal(l: Literal, env: Env, report: (e: TypeErrorReport) => void): void {
  switch (l.kind) {
    case 'some':
      return;
    case 'someIn': {
      const el = typeOf(l.domain, env, report);
      if (l.value.kind === 'var' && !l.key) bind(env, l.value.name, elementType(el));
      return;
    }
    case 'every': {
      typeOf(l.domain, env, report);
      checkBody(l.body, new Map(env), report);
      return;
    }
    case 'expr': {
      for (const w of l.with) typeOf(w.value, env, report);
      // A negated literal binds nothing outside itself.
      const scope = l.negated ? new Map(env) : env;
      const e = l.expr;
      if (e.kind === 'binary' && (e.op === ':=' || e.op === '=')) {
        const r = typeOf(e.right, scope, report);
        if (e.left.kind === 'var') {
          if (e.op === ':=' || !scope.has(e.left.name)) bind(scope, e.left.name, r);
          return;
        }
        const lt = typeOf(e.left, scope, report);
        if (e.op === '=' && e.right.kind === 'var' && !scope.has(e.right.name)) bind(scope, e.right.name, lt);
        return;
      }
      if (e.kind === 'call') {
        const f = builtinType(e.name);
        if (f && e.args.length === f.args.length + 1 && !f.variadic) {
          // output-argument form: `count(x, n)` binds n to the result
          checkCall(e, e.args.slice(0, -1), f, scope, report);
          const out = e.args[e.args.length - 1]!;
          if (out.kind === 'var' && !scope.has(out.name)) bind(scope, out.name, f.result);
          else typeOf(out, scope, report);
          return;
        }
      }
      typeOf(e, scope, report);
      return;
    }
  }
}

function bind(env: Env, name: string, t: Type): void {
  if (name === '_' || name.startsWith('$')) return;
  env.set(name, t);
}

function typeOf(t: Term, env: Env, report: (e: TypeErrorReport) => void): Type {
  switch (t.kind) {
    case 'null':
      return NULL;
    case 'boolean':
      return BOOLEAN;
    case 'number':
      return NUMBER;
    case 'string':
      return STRING;
    case 'var':
      return env.get(t.name) ?? ANY;
    case 'ref': {
      typeOf(t.head, env, report);
      for (const p of t.path) typeOf(p, env, report);
      return ANY;
    }
    case 'array':
      return { k: 'array', static: t.items.map((i) => typeOf(i, env, report)) };
    case 'set': {
      const items = t.items.map((i) => typeOf(i, env, report));
      return { k: 'set', of: items.length === 0 ? ANY : union(items) };
    }
    case 'object': {
      const entries: [string, Type][] = [];
      let allStrings = true;
      for (const e of t.entries) {
        const v = typeOf(e.value, env, report);
        typeOf(e.key, env, report);
        if (e.key.kind === 'string') entries.push([e.key.value, v]);
        else allStrings = false;
      }
      return allStrings ? { k: 'object', static: entries } : { k: 'object', dynamic: { key: ANY, value: ANY } };
    }
    case 'arrayCompr':
    case 'setCompr':
    case 'objectCompr': {
      const inner: Env = new Map(env);
      checkBody(t.body, inner, report);
      if (t.kind === 'arrayCompr') return { k: 'array', dynamic: typeOf(t.term, inner, report) };
      if (t.kind === 'setCompr') return { k: 'set', of: typeOf(t.term, inner, report) };
      return { k: 'object', dynamic: { key: typeOf(t.key, inner, report), value: typeOf(t.value, inner, report) } };
    }
    case 'call': {
      const f = builtinType(t.name);
      if (!f) {
        for (const a of t.args) typeOf(a, env, report);
        return ANY;
      }
      return checkCall(t, t.args, f, env, report);
    }
    case 'binary': {
      if (t.op === '=' || t.op === ':=') {
        typeOf(t.left, env, report);
        typeOf(t.right, env, report);
        return BOOLEAN;
      }
      const name = OPERATOR_NAMES[t.op]!;
      const f = builtinType(name);
      const args = [t.left, t.right];
      return f ? checkCall({ kind: 'call', loc: t.loc, name, args }, args, f, env, report) : ANY;
    }
    case 'in': {
      if (t.key) typeOf(t.key, env, report);
      typeOf(t.value, env, report);
      typeOf(t.collection, env, report);
      return BOOLEAN;
    }
  }
}

function checkCall(call: CallTerm, args: Term[], f: FuncType, env: Env, report: (e: TypeErrorReport) => void): Type {
  const have = args.map((a) => typeOf(a, env, report));
  // Arity is the planner's check (RG203); types are compared where both sides line up.
  if (have.length === f.args.length || f.variadic) {
    const bad = have.some((h, i) => !fits(h, f.args[i] ?? f.variadic ?? ANY));
    if (bad) {
      report({
        loc: call.loc,
        message: `${call.name}: invalid argument(s)\n\thave: (${have.map(printType).join(', ')})\n\twant: (${f.args.map(printType).join(', ')})`,
      });
    }
  }
  return f.result;
}
