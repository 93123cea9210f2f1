/**
 * Planner unit tests: the IR planned for small rules (structure, not bytes), and the
 * diagnostics for what the planner rejects.
 */
import { describe, expect, it } from 'vitest';
import { planRego } from '../../../src/regowasm/index.ts';
import type { Block, Func, Policy, Statement } from '../../../src/regowasm/plan/ir.ts';

function plan(source: string, entrypoints = ['t/p']): Policy {
  const out = planRego({ modules: [{ path: 't.rego', source }], entrypoints });
  expect(out.diagnostics).toEqual([]);
  return out.policy!;
}

function func(p: Policy, name: string): Func {
  const f = p.funcs.find((x) => x.name === name);
  if (!f) throw new Error(`no func ${name} in ${p.funcs.map((x) => x.name).join(', ')}`);
  return f;
}

/** All statements of a block list, depth first, as op names. */
function ops(blocks: Block[]): string[] {
  const out: string[] = [];
  const walk = (b: Block): void => {
    for (const s of b) {
      out.push(s.op);
      if (s.op === 'Block') s.blocks.forEach(walk);
      if (s.op === 'Scan' || s.op === 'Not') walk(s.block);
    }
  };
  blocks.forEach(walk);
  return out;
}

describe('planner IR', () => {
  it('a complete rule assigns its value once; default runs last, guarded by IsUndefined', () => {
    const p = plan('package t\n\ndefault p := false\np if input.x == 1\n');
    const f = func(p, 'data.t.p');
    expect(f.memo).toBe(true);
    expect(f.params).toEqual([0, 1]);
    expect(f.blocks).toHaveLength(2);
    expect(ops([f.blocks[0]!])).toEqual(['IsDefined', 'Dot', 'Equal', 'AssignVarOnce']);
    expect(f.blocks[1]![0]).toEqual({ op: 'IsUndefined', source: f.result });
    expect(f.blocks[1]![1]).toEqual({ op: 'AssignVar', source: { bool: false }, target: f.result });
  });

  it('the entrypoint plan wraps the document as {"result": v}', () => {
    const p = plan('package t\n\np := 1\n');
    expect(p.plans.map((x) => x.name)).toEqual(['t/p']);
    expect(ops(p.plans[0]!.blocks)).toEqual(['Call', 'MakeObject', 'ObjectInsert', 'ResultSetAdd']);
    expect(p.strings).toContain('result');
  });

  it('a partial set starts empty and adds inside the iteration', () => {
    const f = func(plan('package t\n\np contains x if { some x in input.xs; x > 1 }\n'), 'data.t.p');
    expect(ops([f.blocks[0]!])).toEqual(['MakeSet']);
    expect(ops([f.blocks[1]!])).toEqual(['IsDefined', 'Dot', 'Scan', 'GreaterThan', 'SetAdd']);
  });

  it('literals are reordered so that a var is bound before it is compared', () => {
    const f = func(plan('package t\n\np if {\n\tx > 1\n\tx := input.n\n}\n'), 'data.t.p');
    expect(ops(f.blocks)).toEqual(['IsDefined', 'Dot', 'GreaterThan', 'AssignVarOnce']);
  });

  it('an else chain evaluates later clauses only while the value is undefined', () => {
    const f = func(plan('package t\n\np := 1 if input.a else := 2 if input.b else := 3\n'), 'data.t.p');
    const outer = f.blocks[0]!;
    const chain = outer[0] as Extract<Statement, { op: 'Block' }>;
    expect(chain.blocks).toHaveLength(3);
    expect(chain.blocks[1]![0]!.op).toBe('IsUndefined');
    expect(chain.blocks[2]![0]!.op).toBe('IsUndefined');
    expect(outer.slice(1).map((s) => s.op)).toEqual(['IsDefined', 'AssignVarOnce']);
  });

  it('negation of an iterating expression uses the exists wrapper inside Not', () => {
    const f = func(plan('package t\n\np if not input.xs[_] == 2\n'), 'data.t.p');
    expect(ops(f.blocks)).toEqual(['Not', 'Block', 'Block', 'IsDefined', 'Dot', 'Scan', 'Equal', 'Break', 'Break', 'AssignVarOnce']);
    const breaks = JSON.stringify(f.blocks).match(/"op":"Break","index":\d/g);
    expect(breaks).toEqual(['"op":"Break","index":2', '"op":"Break","index":1']);
  });

  it('functions take input, data and their arguments; outputs conflict with a function message', () => {
    const p = plan('package t\n\nf(x) := y if { y := x + 1 }\np := f(1)\n');
    const f = func(p, 'data.t.f');
    expect(f.params).toEqual([0, 1, 2]);
    expect(f.memo).toBeUndefined();
    const once = f.blocks.flat().find((s) => s.op === 'AssignVarOnce') as Extract<Statement, { op: 'AssignVarOnce' }>;
    expect(p.strings[once.message!]).toMatch(/functions must not produce multiple outputs/);
  });

  it('a package document merges base data below rule documents', () => {
    const f = func(plan('package t\n\np := 1\n', ['t']), 'data.t');
    expect(ops(f.blocks)).toEqual(['MakeObject', 'Call', 'ObjectInsert', 'Dot', 'ObjectMerge', 'AssignVar']);
  });

  it('refs below a rule document call the rule then dot; other data refs read base data', () => {
    const p = plan('package t\n\nq := {"a": {"b": 1}}\np := [data.t.q.a.b, data.other.x]\n');
    expect(ops(func(p, 'data.t.p').blocks)).toEqual(['Call', 'Dot', 'Dot', 'Dot', 'Dot', 'MakeArray', 'ArrayAppend', 'ArrayAppend', 'AssignVarOnce']);
  });

  it('under `with`, documents are called in non-memoised copies; a mocked rule is read from data', () => {
    const p = plan('package t\n\nq := 1\nr := q + input.n\np := x if { x := r with input.n as 2 with data.t.q as 5 }\n');
    const names = p.funcs.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['data.t.p', 'data.t.r', 'data.t.q', 'data.t.r (with)']));
    expect(names).not.toContain('data.t.q (with)');
    const variant = func(p, 'data.t.r (with)');
    expect(variant.memo).toBeUndefined();
    // q is read from the patched data (Dot, Dot), not called
    expect(variant.blocks.flat().filter((s) => s.op === 'Call' && 'func' in s.target)).toEqual([]);
    const calls = func(p, 'data.t.p').blocks.flat().filter((s) => s.op === 'Call').map((s) => (s as Extract<Statement, { op: 'Call' }>).target);
    expect(calls).toContainEqual({ builtin: 'object.union' });
    expect(calls).toContainEqual({ func: p.funcs.indexOf(variant) });
  });

  it('constants become JSON operands', () => {
    const f = func(plan('package t\n\np := {"a": [1, "x", null]}\n'), 'data.t.p');
    const s = f.blocks[0]![0] as Extract<Statement, { op: 'AssignVarOnce' }>;
    expect(s.source).toHaveProperty('json');
  });
});

describe('planner diagnostics', () => {
  const diags = (source: string, entrypoints = ['t/p']) => planRego({ modules: [{ path: 't.rego', source }], entrypoints }).diagnostics;

  it('reports an unsafe var with its position, like OPA', () => {
    expect(diags('package t\n\np if {\n\ty := 1\n\tz == y\n}\n')).toEqual([{ file: 't.rego', line: 5, col: 2, code: 'RG202', message: 'var z is unsafe' }]);
  });

  it('reports unsafe head vars', () => {
    expect(diags('package t\n\np contains x if { input.a }\n')[0]).toMatchObject({ code: 'RG202', message: 'var x is unsafe' });
  });

  it('checks rules not reachable from the entrypoint too', () => {
    expect(diags('package t\n\np := 1\nq if { zz }\n')[0]).toMatchObject({ code: 'RG202', line: 4 });
  });

  it('accepts variable head refs of different shapes at one document; rejects calls with the wrong arity', () => {
    expect(diags('package t\n\np[x].y := 1 if { some x in input }\n')).toEqual([]);
    // rules of different depths or leaf kinds merge (conflicts at evaluation)
    expect(diags('package t\n\np[x].y := 1 if { some x in input }\np[x].y.z := 1 if { some x in input }\n')).toEqual([]);
    expect(diags('package t\n\np[x].y := 1 if { some x in input }\np[x] contains 1 if { some x in input }\n')).toEqual([]);
    expect(diags('package t\n\np := count(1, 2, 3)\n')[0]!.code).toBe('RG203');
  });

  it('rejects declaring a var twice in one body, or re-assigning a parameter', () => {
    expect(diags('package t\n\np if {\n\tx := 1\n\tx := 2\n}\n')[0]).toMatchObject({ code: 'RG207', line: 5, message: 'var x assigned above' });
    expect(diags('package t\n\nf(x) := y if {\n\tx := 1\n\ty := x\n}\np := f(1)\n')[0]).toMatchObject({ code: 'RG207', line: 4 });
    expect(diags('package t\n\np if {\n\tsome x in input\n\tq := [1 | x := 2]\n}\n')).toEqual([]);
  });

  it('rejects := with anything but vars, arrays of them and object values of them on the left (OPA)', () => {
    expect(diags('package t\n\np if {\n\t1 := x\n\tx = 1\n}\n')[0]).toMatchObject({ code: 'RG207', line: 4, col: 2, message: 'cannot assign to number' });
    expect(diags('package t\n\np if {\n\t[a, "b"] := [1, "b"]\n\ta == 1\n}\n')[0]).toMatchObject({ code: 'RG207', message: 'cannot assign to string' });
    expect(diags('package t\n\np if {\n\tinput.x := 1\n}\n')[0]).toMatchObject({ code: 'RG207', message: 'cannot assign to ref' });
    expect(diags('package t\n\np if {\n\t[a, {"k": b}] := [1, {"k": 2}]\n\ta < b\n}\n')).toEqual([]);
  });

  it('rejects a declared var that is never used', () => {
    expect(diags('package t\n\np if {\n\tsome x, y\n\tinput[x]\n}\n')[0]).toMatchObject({ code: 'RG207', line: 4, col: 10, message: 'declared var y unused' });
  });

  it('rejects a default value that is not a constant', () => {
    expect(diags('package t\n\ndefault p := input.x\n')[0]).toMatchObject({ code: 'RG207', line: 3, col: 14 });
    expect(diags('package t\n\ndefault p := {"a": [1, {2}]}\n')).toEqual([]);
  });

  it('rejects a document that is both a complete rule and has rules below it', () => {
    expect(diags('package t\n\np := 1\np.q := 2\n')[0]!.code).toBe('RG204');
  });
});
