/**
 * Turns a compliance case's query into something a Wasm module can answer.
 *
 * - `data.a.b = x` (almost all cases): entrypoint `a/b`; the result `[{"result": v}]` is the
 *   binding `{x: v}`, and `[]` (undefined) is no binding.
 * - anything else (`data.f(1) = x`, `data.p[x] = z`, `data.p.f(1)`, …): a wrapper module
 *   `package __compliance_query` whose rule collects the query's bindings as a set of
 *   objects, `result := {{"x": x, …} | <query>}`; the bindings are that set's elements.
 *   OPA's own wasm test runner plans queries the same way (a query is a rule body).
 */
import { parseRego } from '../../../src/regowasm/syntax/index.ts';
import type { Body, Literal, Term } from '../../../src/regowasm/syntax/index.ts';

export const WRAPPER_PACKAGE = '__compliance_query';

export type QueryPlan =
  | { shape: 'entrypoint'; entrypoint: string; variable: string }
  | { shape: 'wrapper'; entrypoint: string; module: string; variables: string[] }
  | { shape: 'unsupported'; reason: string };

const DIRECT = /^data((?:\.[A-Za-z_][A-Za-z0-9_]*)+) = ([A-Za-z_][A-Za-z0-9_]*)$/;

export function planQuery(query: string): QueryPlan {
  const q = query.trim();
  const m = DIRECT.exec(q);
  // `input`/`data` on the right are documents to compare with, not variables to bind.
  if (m && !['_', 'input', 'data'].includes(m[2]!)) return { shape: 'entrypoint', entrypoint: m[1]!.slice(1).replaceAll('.', '/'), variable: m[2]! };
  const parsed = parseRego('query.rego', `package q\nq if {\n${q}\n}\n`);
  if (!parsed.module) return { shape: 'unsupported', reason: `query does not parse: ${parsed.diagnostics[0]!.message}` };
  const variables = [...queryVars(parsed.module.rules[0]!.body)].sort();
  const binding = `{${variables.map((v) => `${JSON.stringify(v)}: ${v}`).join(', ')}}`;
  const module = `package ${WRAPPER_PACKAGE}\n\nresult := {${binding} | ${q.replaceAll('\n', '; ')}}\n`;
  return { shape: 'wrapper', entrypoint: `${WRAPPER_PACKAGE}/result`, module, variables };
}

/** Variables a query binds (not `_`, `input`, `data`, nor names used only as call names). */
function queryVars(body: Body): Set<string> {
  const out = new Set<string>();
  const term = (t: Term): void => {
    switch (t.kind) {
      case 'var':
        if (t.name !== '_' && t.name !== 'input' && t.name !== 'data') out.add(t.name);
        return;
      case 'ref':
        term(t.head);
        t.path.forEach(term);
        return;
      case 'array':
      case 'set':
        t.items.forEach(term);
        return;
      case 'object':
        t.entries.forEach((e) => (term(e.key), term(e.value)));
        return;
      case 'call':
        t.args.forEach(term);
        return;
      case 'binary':
        term(t.left);
        term(t.right);
        return;
      case 'in':
        if (t.key) term(t.key);
        term(t.value);
        term(t.collection);
        return;
      default:
        // scalars; comprehension-local variables are not query bindings
        return;
    }
  };
  const literal = (l: Literal): void => {
    if (l.kind === 'expr') term(l.expr);
    else if (l.kind === 'some') l.vars.forEach(term);
    else if (l.kind === 'someIn') [l.key, l.value, l.domain].forEach((t) => t && term(t));
  };
  body.forEach(literal);
  return out;
}
