/**
 * Calls: user functions (their compiled copy for the current Variant), VM builtins, mocked
 * names (`with f as …`), and the statement-only builtins `walk(x, out)` and `print(…)`.
 */
import type { CallTerm, SetComprehension, Term } from '../syntax/ast.ts';
import type { BodyPlanner } from './body.ts';
import { isPlannedBuiltin, vmBuiltinArity } from './builtins.ts';
import { comprehension } from './collections.ts';
import { fail } from './diagnostics.ts';
import type { Block, Operand } from './ir.ts';
import { lookup } from './tree.ts';
import { mockOf } from './variant.ts';

export function call(bp: BodyPlanner, t: CallTerm, args: Term[]): Operand {
  const ops = args.map((a) => bp.term(a));
  const r = bp.f.local();
  const entry = bp.overrides.find((o) => mockOf(o)?.[0] === t.name);
  const mock = entry === undefined ? undefined : mockOf(entry);
  if (mock && mock[1] === null) {
    // `with f as value`: the arguments are still evaluated (undefined stays undefined)
    const source: Operand = mock[2] !== null ? { json: bp.svc.strings.intern(mock[2]) } : { local: bp.mockLocals.get(entry!)! };
    bp.emit({ op: 'AssignVar', source, target: r });
    return { local: r };
  }
  // OPA evaluates a replacing function with no function mocks in effect (so a mock may
  // call what it replaces); input / data replacements still apply.
  if (mock) t = { ...t, name: mock[1]! };
  if (t.name.startsWith('data.')) {
    const node = lookup(bp.svc.root, t.name.slice(5).split('.'));
    if (!node || node.kind !== 'function') fail(t.loc, 'RG203', `undefined function ${t.name}`);
    const variant = bp.callVariant(mock !== undefined);
    const fi = bp.svc.functionFunc(node, t.loc, variant);
    bp.emit({ op: 'Call', target: { func: fi }, args: [...bp.baseArgs(variant), ...ops], result: r });
  } else {
    const n = vmBuiltinArity(t.name);
    if (n === undefined && isPlannedBuiltin(t.name)) fail(t.loc, 'RG201', `${t.name} is only supported as a statement (${t.name === 'walk' ? 'walk(x, [path, value])' : 'print(…)'})`);
    if (n === undefined) {
      bp.svc.unsupported(t.loc, `builtin ${t.name} is not supported by the Wasm compiler`);
      bp.emit({ op: 'IsDefined', source: r }); // never assigned: fails (unreachable code)
      return { local: r };
    }
    if (ops.length !== n) fail(t.loc, 'RG203', `${t.name}: expected ${n} argument(s), got ${ops.length}`);
    rejectUnsupportedTimeArgs(t.name, args);
    bp.emit({ op: 'Call', target: { builtin: t.name }, args: ops, result: r });
  }
  return { local: r };
}

/** `walk(x, out)`: iterates the [path, value] pairs of x's tree (OPA's relation
 *  builtin), computed by the planner's recursive walk Func. */
export function walkCall(bp: BodyPlanner, e: CallTerm): void {
  const x = bp.term(e.args[0]!);
  const pairs = bp.f.local();
  bp.emit({ op: 'Call', target: { func: bp.svc.walkFunc() }, args: [{ json: bp.svc.strings.intern('[]') }, x], result: pairs });
  const k = bp.f.local();
  const v = bp.f.local();
  const body: Block = [];
  bp.emit({ op: 'Scan', source: { local: pairs }, key: k, value: v, block: body });
  bp.f.enter(body);
  bp.unifyWith(e.args[1]!, { local: v }, false);
}

/** `print(…)`: the VM has no output channel, so print is a no-op — but, as in OPA, each
 *  argument is evaluated on its own (OPA collects it into a set, `<undefined>` when it has
 *  no value): unsafe vars are still errors, and the literal never fails or iterates. */
export function printCall(bp: BodyPlanner, e: CallTerm): void {
  e.args.forEach((a, i) => {
    const v: Term = { kind: 'var', loc: a.loc, name: `$print${i}` };
    comprehension(bp, { kind: 'setCompr', loc: a.loc, term: v, body: [{ kind: 'expr', loc: a.loc, negated: false, expr: { kind: 'binary', loc: a.loc, op: ':=', left: v, right: a }, with: [] }] } as SetComprehension);
  });
}

/** Time builtins whose first argument may be `[ns, zone]` or `[ns, zone, layout]`. */
const ZONED_TIME_BUILTINS = new Set(['time.date', 'time.clock', 'time.weekday', 'time.format', 'time.diff']);

/** The VM has no time-zone database and no Go layouts: a literal zone other than UTC (or "",
 *  which OPA reads as UTC) or a literal layout is RG201 here, never an undefined result. */
function rejectUnsupportedTimeArgs(name: string, args: Term[]): void {
  if (!ZONED_TIME_BUILTINS.has(name)) return;
  for (const a of args) {
    if (a.kind !== 'array') continue;
    const zone = a.items[1];
    if (zone?.kind === 'string' && zone.value !== 'UTC' && zone.value !== '') {
      fail(zone.loc, 'RG201', `${name} with the time zone ${JSON.stringify(zone.value)} is not supported by the Wasm compiler (UTC only: the VM has no time-zone database)`);
    }
    if (a.items.length > 2) fail(a.items[2]!.loc, 'RG201', `${name} with a layout is not supported by the Wasm compiler (RFC 3339 only)`);
  }
}
