/**
 * Term helpers for the body planner: plan-time input vars of a term, JSON text of
 * constant terms, and the OPA checks on declarations and function-replacing `with`.
 */
import type { Literal, Term } from '../syntax/ast.ts';
import { fail } from './diagnostics.ts';
import type { TreeNode } from './tree.ts';
import { allLiteralVars, allVars } from './vars.ts';

/** Vars a term needs as inputs at plan time: ref-key vars (also inside key patterns) are
 *  outputs, bound by iteration; comprehensions capture only what is bound (their other
 *  vars are their own). */
export function plainInputs(t: Term, out: Set<string>): void {
  switch (t.kind) {
    case 'var':
      if (t.name !== 'input' && t.name !== 'data') out.add(t.name);
      return;
    case 'ref':
      plainInputs(t.head, out);
      for (const p of t.path) keyInputs(p, out);
      return;
    case 'array': case 'set':
      for (const i of t.items) plainInputs(i, out);
      return;
    case 'object':
      for (const e of t.entries) {
        plainInputs(e.key, out);
        plainInputs(e.value, out);
      }
      return;
    case 'call':
      for (const a of t.args) plainInputs(a, out);
      return;
    case 'binary':
      plainInputs(t.left, out);
      plainInputs(t.right, out);
      return;
    case 'in':
      if (t.key) plainInputs(t.key, out);
      plainInputs(t.value, out);
      plainInputs(t.collection, out);
      return;
    default:
      return;
  }
}

export function hasFunctions(node: TreeNode): boolean {
  if (node.kind === 'function') return true;
  for (const c of node.children.values()) if (hasFunctions(c)) return true;
  return false;
}

/** `some x` where x is used nowhere else: OPA rejects it ("declared var x unused"). */
export function checkDeclaredUsed(body: Literal[], headTerms: Term[]): void {
  const decls = body.filter((l): l is Extract<Literal, { kind: 'some' }> => l.kind === 'some');
  if (decls.length === 0) return;
  const used = new Set<string>();
  for (const l of body) if (l.kind !== 'some') allLiteralVars(l, used);
  for (const t of headTerms) allVars(t, used);
  for (const d of decls) for (const v of d.vars) if (!used.has(v.name)) fail(v.loc, 'RG207', `declared var ${v.name} unused`);
}

/** Inputs of a ref key: vars (also inside array/object key patterns) are outputs. */
function keyInputs(p: Term, out: Set<string>): void {
  if (p.kind === 'var') return;
  if (p.kind === 'array') for (const i of p.items) keyInputs(i, out);
  else if (p.kind === 'object') for (const e of p.entries) {
    plainInputs(e.key, out);
    keyInputs(e.value, out);
  } else plainInputs(p, out);
}

/** JSON text of a constant array/object/scalar term (sets have no JSON form). */
export function constJson(t: Term): string | undefined {
  switch (t.kind) {
    case 'null': return 'null';
    case 'boolean': return String(t.value);
    case 'number': return t.text;
    case 'string': return JSON.stringify(t.value);
    case 'array': {
      const parts: string[] = [];
      for (const i of t.items) {
        const c = constJson(i);
        if (c === undefined) return undefined;
        parts.push(c);
      }
      return `[${parts.join(',')}]`;
    }
    case 'object': {
      const parts: string[] = [];
      const seen = new Set<string>();
      for (const e of t.entries) {
        if (e.key.kind !== 'string' || seen.has(e.key.value)) return undefined;
        seen.add(e.key.value);
        const v = constJson(e.value);
        if (v === undefined) return undefined;
        parts.push(`${JSON.stringify(e.key.value)}:${v}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return undefined;
  }
}
