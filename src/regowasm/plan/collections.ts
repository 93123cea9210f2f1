/**
 * Membership (`[k,] v in coll`, as a value or a test) and array / set / object
 * comprehensions (planned in a child Scope, so their variables stay inside).
 */
import type { ArrayComprehension, InTerm, ObjectComprehension, SetComprehension } from '../syntax/ast.ts';
import type { BodyPlanner } from './body.ts';
import type { Block, Operand } from './ir.ts';
import { Scope } from './scope.ts';
import { constJson } from './terms.ts';

const TRUE: Operand = { bool: true };
const FALSE: Operand = { bool: false };

/** `[k,] v in coll` as a boolean local. A set is probed with Dot (no scan); other
 *  collections are scanned; a constant set literal is scanned as a constant array (no
 *  set is built at run time — membership does not depend on duplicates or order). */
export function membershipValue(bp: BodyPlanner, t: InTerm): Operand {
  const constItems = !t.key && t.collection.kind === 'set' ? t.collection.items.map(constJson) : undefined;
  const coll: Operand = constItems && constItems.every((c) => c !== undefined)
    ? { json: bp.svc.strings.intern(`[${constItems.join(',')}]`) }
    : bp.term(t.collection);
  const val = bp.term(t.value);
  const key = t.key ? bp.term(t.key) : undefined;
  const r = bp.f.local();
  bp.emit({ op: 'AssignVar', source: FALSE, target: r });
  const blocks: Block[] = [];
  const probeSet = !key && !('json' in coll);
  if (probeSet) {
    const tmp = bp.f.local();
    blocks.push([
      { op: 'IsSet', source: coll },
      { op: 'Dot', source: coll, key: val, target: tmp },
      { op: 'AssignVar', source: TRUE, target: r },
    ]);
  }
  const scanBlock: Block = [];
  blocks.push(scanBlock);
  bp.emit({ op: 'Block', blocks });
  bp.f.inBlock(scanBlock, () => {
    const d0 = bp.f.depth;
    if (probeSet) bp.emit({ op: 'Not', block: [{ op: 'IsSet', source: coll }] });
    const k = bp.f.local();
    const v = bp.f.local();
    const body: Block = [];
    bp.emit({ op: 'Scan', source: coll, key: k, value: v, block: body });
    bp.f.enter(body);
    if (key) bp.emit({ op: 'Equal', a: { local: k }, b: key });
    bp.emit({ op: 'Equal', a: { local: v }, b: val });
    bp.emit({ op: 'AssignVar', source: TRUE, target: r });
    bp.emit({ op: 'Break', index: bp.f.depth - d0 });
  });
  return { local: r };
}

export function membershipTest(bp: BodyPlanner, t: InTerm): void {
  const r = membershipValue(bp, t);
  bp.emit({ op: 'Equal', a: r, b: TRUE });
}

export function comprehension(bp: BodyPlanner, t: ArrayComprehension | SetComprehension | ObjectComprehension): Operand {
  const r = bp.f.local();
  if (t.kind === 'arrayCompr') bp.emit({ op: 'MakeArray', capacity: 0, target: r });
  else if (t.kind === 'setCompr') bp.emit({ op: 'MakeSet', target: r });
  else bp.emit({ op: 'MakeObject', target: r });
  const inner: Block = [];
  bp.emit({ op: 'Block', blocks: [inner] });
  const saved = bp.scope;
  bp.scope = new Scope(saved);
  try {
    bp.f.inBlock(inner, () => {
      const heads = t.kind === 'objectCompr' ? [t.key, t.value] : [t.term];
      bp.body(t.body, heads, t.loc, () => {
        if (t.kind === 'arrayCompr') bp.emit({ op: 'ArrayAppend', value: bp.term(t.term), array: r });
        else if (t.kind === 'setCompr') bp.emit({ op: 'SetAdd', value: bp.term(t.term), set: r });
        else bp.emit({ op: 'ObjectInsertOnce', key: bp.term(t.key), value: bp.term(t.value), object: r });
      });
    });
  } finally {
    bp.scope = saved;
  }
  return { local: r };
}
