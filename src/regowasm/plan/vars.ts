/**
 * Variable analysis over resolved terms (see resolve.ts: every var except `input`/`data`
 * is a local). "Closures" are comprehensions: their variables are their own unless the
 * enclosing rule uses the same name elsewhere.
 */
import type { Literal, Term } from '../syntax/ast.ts';

export function isRoot(name: string): boolean {
  return name === 'input' || name === 'data';
}

/** Local vars of `t` outside closures (comprehension bodies/terms), with multiplicity. */
export function countVars(t: Term, occ: Map<string, number>): void {
  switch (t.kind) {
    case 'var':
      if (!isRoot(t.name)) occ.set(t.name, (occ.get(t.name) ?? 0) + 1);
      return;
    case 'ref':
      countVars(t.head, occ);
      for (const p of t.path) countVars(p, occ);
      return;
    case 'array': case 'set':
      for (const i of t.items) countVars(i, occ);
      return;
    case 'object':
      for (const e of t.entries) {
        countVars(e.key, occ);
        countVars(e.value, occ);
      }
      return;
    case 'call':
      for (const a of t.args) countVars(a, occ);
      return;
    case 'binary':
      countVars(t.left, occ);
      countVars(t.right, occ);
      return;
    case 'in':
      if (t.key) countVars(t.key, occ);
      countVars(t.value, occ);
      countVars(t.collection, occ);
      return;
    default:
      return; // scalars, comprehensions
  }
}

export function countLiteralVars(l: Literal, occ: Map<string, number>): void {
  switch (l.kind) {
    case 'some':
      return;
    case 'expr':
      countVars(l.expr, occ);
      return;
    case 'someIn':
      if (l.key) countVars(l.key, occ);
      countVars(l.value, occ);
      countVars(l.domain, occ);
      return;
    case 'every':
      countVars(l.domain, occ);
      return;
  }
}

/** All local vars anywhere in `t`, closures included. */
export function allVars(t: Term, out: Set<string>): void {
  switch (t.kind) {
    case 'var':
      if (!isRoot(t.name)) out.add(t.name);
      return;
    case 'ref':
      allVars(t.head, out);
      for (const p of t.path) allVars(p, out);
      return;
    case 'array': case 'set':
      for (const i of t.items) allVars(i, out);
      return;
    case 'object':
      for (const e of t.entries) {
        allVars(e.key, out);
        allVars(e.value, out);
      }
      return;
    case 'call':
      for (const a of t.args) allVars(a, out);
      return;
    case 'binary':
      allVars(t.left, out);
      allVars(t.right, out);
      return;
    case 'in':
      if (t.key) allVars(t.key, out);
      allVars(t.value, out);
      allVars(t.collection, out);
      return;
    case 'arrayCompr': case 'setCompr':
      allVars(t.term, out);
      for (const l of t.body) allLiteralVars(l, out);
      return;
    case 'objectCompr':
      allVars(t.key, out);
      allVars(t.value, out);
      for (const l of t.body) allLiteralVars(l, out);
      return;
    default:
      return;
  }
}

export function allLiteralVars(l: Literal, out: Set<string>): void {
  switch (l.kind) {
    case 'some':
      for (const v of l.vars) out.add(v.name);
      return;
    case 'expr':
      allVars(l.expr, out);
      return;
    case 'someIn':
      if (l.key) allVars(l.key, out);
      allVars(l.value, out);
      allVars(l.domain, out);
      return;
    case 'every':
      if (l.key) out.add(l.key.name);
      out.add(l.value.name);
      allVars(l.domain, out);
      for (const b of l.body) allLiteralVars(b, out);
      return;
  }
}
