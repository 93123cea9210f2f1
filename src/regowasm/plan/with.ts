/**
 * `with` modifiers: a literal planned over upserted copies of the input / data locals,
 * rule documents replaced through `with data.…`, and function / builtin mocks (Variant
 * entries, see variant.ts).
 */
import type { Literal, Loc, WithModifier } from '../syntax/ast.ts';
import type { BodyPlanner } from './body.ts';
import { fail } from './diagnostics.ts';
import type { Local } from './ir.ts';
import { hasFunctions } from './terms.ts';
import type { TreeNode } from './tree.ts';
import { upsert } from './upsert.ts';
import { mockOf } from './variant.ts';

/** `lit with input.a.b as v with data.x as w`: plan the literal with replaced input /
 *  data locals (upserted copies). Documents below a `with` are computed by their
 *  non-memoised variants. Replacing a rule document (`with data.pkg.rule as …`) is not
 *  supported (RG201). */
export function withLiteral(bp: BodyPlanner, l: Exclude<Literal, { kind: 'some' }>): void {
  const saved = { input: bp.input, data: bp.data, overrides: bp.overrides, mockLocals: bp.mockLocals };
  const values = l.with.map((w) => bp.term(w.value));
  try {
    l.with.forEach((w, i) => {
      if (w.fnTarget !== undefined) {
        const entry = mockEntry(bp, w);
        bp.overrides = [...bp.overrides.filter((o) => mockOf(o)?.[0] !== w.fnTarget), entry];
        if (mockOf(entry)![2] === null && w.fnValue === undefined) {
          const v = values[i]!;
          let l: Local;
          if ('local' in v) l = v.local;
          else bp.emit({ op: 'AssignVar', source: v, target: (l = bp.f.local()) });
          bp.mockLocals = new Map(bp.mockLocals).set(entry, l);
        }
        return;
      }
      const root = (w.target.head as { name: string }).name;
      const path = w.target.path.map((p) => {
        if (p.kind !== 'string') fail(p.loc, 'RG201', '`with` targets must be constant paths');
        return p.value;
      });
      if (root === 'data' && replacesRules(bp, path, w.loc)) bp.overrides = [...bp.overrides, JSON.stringify(path)];
      const upserted = upsert(bp.f, bp.svc.strings, root === 'input' ? bp.input : bp.data, path, values[i]!);
      if (root === 'input') bp.input = upserted;
      else bp.data = upserted;
    });
    bp.literal({ ...l, with: [] } as Literal);
  } finally {
    bp.input = saved.input;
    bp.data = saved.data;
    bp.overrides = saved.overrides;
    bp.mockLocals = saved.mockLocals;
  }
}

/** Does `with data.<path>` replace rule documents (then they are read from the patched
 *  data)? A path inside a rule's document or naming a function is not supported. */
function replacesRules(bp: BodyPlanner, path: string[], loc: Loc): boolean {
  let node: TreeNode | undefined = bp.svc.root;
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
function mockEntry(bp: BodyPlanner, w: WithModifier): string {
  const target = w.fnTarget!;
  const n = bp.svc.arity(target);
  if (w.fnValue !== undefined) {
    const m = bp.svc.arity(w.fnValue);
    if (m !== n) fail(w.loc, 'RG203', `\`with\` replacing ${target} (arity ${n}) by ${w.fnValue} (arity ${m}): arities differ`);
    return 'F' + JSON.stringify([target, w.fnValue, null]);
  }
  // The value (constant or not) is passed to the copies as a parameter, so that every
  // `with f as <value>` on the same targets shares one set of copies (linear size).
  return 'F' + JSON.stringify([target, null, null]);
}
