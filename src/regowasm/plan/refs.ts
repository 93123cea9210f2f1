/**
 * References: dotting / scanning along a ref's path, and refs under `data`, which walk the
 * rule tree at compile time (rule documents are computed by their node Funcs, base
 * documents read from the data local). Lookups already made on the path are reused (Scope).
 */
import type { Loc, Term } from '../syntax/ast.ts';
import type { BodyPlanner } from './body.ts';
import { fail } from './diagnostics.ts';
import type { Block, Operand } from './ir.ts';
import type { TreeNode } from './tree.ts';

/** target := src[key] for a constant key, reusing an earlier identical lookup. */
export function dotConst(bp: BodyPlanner, src: Operand, key: Operand, keyText: string): Operand {
  const ck = 'local' in src ? `dot|${src.local}|${keyText}` : undefined;
  const hit = ck === undefined ? undefined : bp.scope.recall(ck);
  if (hit !== undefined) return { local: hit };
  const t = bp.f.local();
  bp.emit({ op: 'Dot', source: src, key, target: t });
  if (ck !== undefined) bp.scope.remember(ck, t);
  return { local: t };
}

export function ref(bp: BodyPlanner, head: Term, path: Term[], loc: Loc): Operand {
  if (head.kind === 'var' && head.name === 'data') return dataRef(bp, path, loc);
  const src = bp.term(head);
  return walk(bp, src, path);
}

/** Dots / scans along `path` from `src`. */
export function walk(bp: BodyPlanner, src: Operand, path: Term[]): Operand {
  let cur = src;
  for (const p of path) {
    if (!bp.evaluable(p)) {
      const k = bp.f.local();
      const v = bp.f.local();
      const body: Block = [];
      bp.emit({ op: 'Scan', source: cur, key: k, value: v, block: body });
      bp.f.enter(body);
      bp.unifyWith(p, { local: k }, false);
      cur = { local: v };
    } else if (p.kind === 'string' || p.kind === 'number') {
      cur = dotConst(bp, cur, bp.term(p), p.kind === 'string' ? JSON.stringify(p.value) : `n${p.text}`);
    } else {
      const key = bp.term(p);
      const t = bp.f.local();
      bp.emit({ op: 'Dot', source: cur, key, target: t });
      cur = { local: t };
    }
  }
  return cur;
}

/** A ref under `data`: rule documents are computed by their node functions, base
 *  documents are read from the data local, and a ref that stops at (or iterates over)
 *  a node holding rules below gets the merged object of that node. */
export function dataRef(bp: BodyPlanner, path: Term[], loc: Loc): Operand {
  let node = bp.svc.root;
  let i = 0;
  for (;;) {
    if (bp.overrides.length > 0 && bp.overrides.includes(JSON.stringify(node.path))) {
      return walk(bp, baseDots(bp, node.path), path.slice(i));
    }
    if (node.rules.length > 0) {
      if (node.kind === 'function') fail(loc, 'RG203', `function data.${node.path.join('.')} used as a value`);
      return walk(bp, callNode(bp, node, loc), path.slice(i));
    }
    if (!node.virtual) return walk(bp, baseDots(bp, node.path), path.slice(i));
    if (i === path.length) return callNode(bp, node, loc);
    const p = path[i]!;
    if (p.kind === 'string') {
      const c = node.children.get(p.value);
      if (c) {
        node = c;
        i++;
        continue;
      }
      return walk(bp, baseDots(bp, node.path), path.slice(i));
    }
    return walk(bp, callNode(bp, node, loc), path.slice(i));
  }
}

function callNode(bp: BodyPlanner, node: TreeNode, loc: Loc): Operand {
  const fi = bp.svc.nodeFunc(node, loc, bp.callVariant());
  const args = bp.baseArgs(bp.callVariant());
  const key = `doc|${fi}|${JSON.stringify(args)}`;
  const hit = bp.scope.recall(key);
  if (hit !== undefined) return { local: hit };
  const r = bp.f.local();
  bp.emit({ op: 'Call', target: { func: fi }, args, result: r });
  bp.scope.remember(key, r);
  return { local: r };
}

function baseDots(bp: BodyPlanner, path: string[]): Operand {
  let cur: Operand = { local: bp.data };
  for (const k of path) cur = dotConst(bp, cur, bp.str(k), JSON.stringify(k));
  return cur;
}
