/**
 * compileRegoToWasm end to end: Rego source → policy.wasm → the real
 * @open-policy-agent/opa-wasm SDK. Every expected value below is what OPA answers for the
 * same policy (Rego semantics), never computed by rolec.
 */
import { createRequire } from 'node:module';
import type { loadPolicy as LoadPolicyFn } from '@open-policy-agent/opa-wasm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRegoToWasm } from '../../src/regowasm/index.ts';

type Mod = { path: string; source: string };

function compile(modules: Mod[] | string, entrypoints: string[]): Uint8Array {
  const mods = typeof modules === 'string' ? [{ path: 'policy.rego', source: modules }] : modules;
  const out = compileRegoToWasm({ modules: mods, entrypoints });
  expect(out.diagnostics).toEqual([]);
  return out.wasm!;
}

type LoadedPolicy = Awaited<ReturnType<typeof LoadPolicyFn>>;
// The package's ESM entry only re-exports loadPolicy; take both loaders from the CJS entry.
const { loadPolicy, loadPolicySync } = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as {
  loadPolicy: typeof LoadPolicyFn;
  loadPolicySync: (wasm: Uint8Array) => LoadedPolicy;
};

async function evaluate(wasm: Uint8Array, entrypoint: string, input: unknown = {}, data: object = {}): Promise<unknown> {
  const policy = await loadPolicy(wasm);
  policy.setData(data);
  return policy.evaluate(input, entrypoint);
}

const AUTHZ = `package rolec.authz

import rego.v1

default allow := false

allow if {
	some r in input.principal.roles
	r == "admin"
}

allow if {
	count(grants) > 0
	not denied
}

grants contains id if {
	some id, g in data.rolec.grants
	glob.match(g.pattern, null, input.resource.name)
	object.get(g, "enabled", true) == true
}

denied if {
	some cidr in data.rolec.blocked
	net.cidr_contains(cidr, input.source_ip)
}

default all_named := false

all_named if {
	every r in input.principal.roles {
		is_string(r)
	}
}

decision := {"allow": allow, "reasons": grants, "all_named": all_named}
`;

const AUTHZ_DATA = {
  rolec: {
    grants: {
      'logs-read': { pattern: 'logs-*' },
      'metrics-off': { pattern: 'metrics-*', enabled: false },
      everything: { pattern: '*' },
    },
    blocked: ['10.0.0.0/8'],
  },
};

describe('compileRegoToWasm: an authorization policy as rolec emits it', () => {
  const wasm = compile(AUTHZ, ['rolec/authz/decision', 'rolec/authz/allow', 'rolec/authz']);

  it('decides from grants, glob.match with null delimiters, object.get defaults, every', async () => {
    const input = { principal: { roles: ['dev'] }, resource: { name: 'logs-2024.01' }, source_ip: '192.168.1.1' };
    expect(await evaluate(wasm, 'rolec/authz/decision', input, AUTHZ_DATA)).toEqual([
      { result: { allow: true, reasons: ['everything', 'logs-read'], all_named: true } },
    ]);
  });

  it('default applies when no allow body holds (blocked CIDR, no admin role)', async () => {
    const input = { principal: { roles: ['dev', 7] }, resource: { name: 'metrics-x' }, source_ip: '10.1.2.3' };
    expect(await evaluate(wasm, 'rolec/authz/decision', input, AUTHZ_DATA)).toEqual([
      { result: { allow: false, reasons: ['everything'], all_named: false } },
    ]);
  });

  it('an admin role allows regardless of grants', async () => {
    const input = { principal: { roles: ['admin'] }, resource: { name: 'x' }, source_ip: '10.0.0.1' };
    expect(await evaluate(wasm, 'rolec/authz/allow', input, { rolec: { grants: {}, blocked: ['10.0.0.0/8'] } })).toEqual([{ result: true }]);
  });

  it('a package entrypoint is the whole package document, merged with base data under it', async () => {
    const input = { principal: { roles: [] }, resource: { name: 'zzz' }, source_ip: '1.1.1.1' };
    const [{ result }] = (await evaluate(wasm, 'rolec/authz', input, { rolec: { authz: { extra: 1 }, grants: {}, blocked: [] } })) as [{ result: Record<string, unknown> }];
    expect(result).toEqual({ extra: 1, allow: false, grants: [], all_named: true, decision: { allow: false, reasons: [], all_named: true } });
  });

  it('loads with the synchronous SDK loader and answers a sequence of requests', () => {
    const policy = loadPolicySync(wasm);
    policy.setData(AUTHZ_DATA);
    const ask = (roles: unknown[]) => policy.evaluate({ principal: { roles }, resource: { name: 'q' }, source_ip: '1.2.3.4' }, 'rolec/authz/allow');
    expect([ask(['admin']), ask(['x']), ask(['admin'])]).toEqual([[{ result: true }], [{ result: true }], [{ result: true }]]);
  });
});

describe('compileRegoToWasm: Rego semantics', () => {
  it('merges modules that share a package, and rules shadow base data at their own path', async () => {
    const wasm = compile(
      [
        { path: 'a.rego', source: 'package lib\n\np := 1\n' },
        { path: 'b.rego', source: 'package lib\n\nq := data.lib.p + data.lib.base\n' },
      ],
      ['lib'],
    );
    expect(await evaluate(wasm, 'lib', {}, { lib: { p: 100, base: 10 } })).toEqual([{ result: { p: 1, q: 11, base: 10 } }]);
  });

  it('resolves imports: data packages (rules and functions) and input paths, with aliases', async () => {
    const wasm = compile(
      [
        { path: 'lib.rego', source: 'package lib.util\n\ndouble(x) := x * 2\nlimit := 10\n' },
        {
          path: 'main.rego',
          source: 'package app\n\nimport rego.v1\nimport data.lib.util\nimport data.lib.util.limit as max\nimport input.principal as who\n\nr := [util.double(who.n), max, util.limit]\n',
        },
      ],
      ['app/r'],
    );
    expect(await evaluate(wasm, 'app/r', { principal: { n: 21 } })).toEqual([{ result: [42, 10, 10] }]);
  });

  it('undefined entrypoint → empty result set; conflicting complete values → evaluation error', async () => {
    const wasm = compile('package t\n\np := 1 if input.x == 1\n\nq := input.v\n', ['t/p', 't/q']);
    expect(await evaluate(wasm, 't/p', { x: 2 })).toEqual([]);
    const conflict = compile('package t\n\np := x if { some x in input }\n', ['t/p']);
    await expect(evaluate(conflict, 't/p', [1, 2])).rejects.toThrow(/complete rules must not produce multiple outputs/);
    expect(await evaluate(conflict, 't/p', [3, 3])).toEqual([{ result: 3 }]);
  });

  it('partial objects reject conflicting keys; functions with several definitions and else', async () => {
    const obj = compile('package t\n\np[k] := v if { some k, v in input }\n', ['t/p']);
    expect(await evaluate(obj, 't/p', { a: 1 })).toEqual([{ result: { a: 1 } }]);
    const clash = compile('package t\n\np[k] := 1 if { some k in input }\np[k] := 2 if { some k in input }\n', ['t/p']);
    await expect(evaluate(clash, 't/p', ['a'])).rejects.toThrow(/object keys must be unique/);
    const fns = compile(
      `package t

f(1) := "one"
f(x) := "big" if x > 10
g(x) := "neg" if { x < 0 } else := "zero" if { x == 0 } else := "pos"
r := [f(1), f(11), g(-1), g(0), g(5)]
s := [y | some y in [f(5)]]
`,
      ['t/r', 't/s'],
    );
    expect(await evaluate(fns, 't/r')).toEqual([{ result: ['one', 'big', 'neg', 'zero', 'pos'] }]);
    expect(await evaluate(fns, 't/s')).toEqual([{ result: [] }]);
  });

  it('reorders literals so vars are bound before use, and unifies composite patterns', async () => {
    const wasm = compile(
      `package t

p contains [a, b] if {
	a > 1
	[a, b] = input.pairs[_]
}

q := {k: v | some k, v in input.obj; v != 2}
r := {"x": x} if { {"k": x} = input.wrapped }
`,
      ['t/p', 't/q', 't/r'],
    );
    const input = { pairs: [[1, 'a'], [2, 'b'], [3, 'c']], obj: { a: 1, b: 2 }, wrapped: { k: 'w' } };
    expect(await evaluate(wasm, 't/p', input)).toEqual([{ result: [[2, 'b'], [3, 'c']] }]);
    expect(await evaluate(wasm, 't/q', input)).toEqual([{ result: { a: 1 } }]);
    expect(await evaluate(wasm, 't/r', input)).toEqual([{ result: { x: 'w' } }]);
  });

  it('iterates over a partial set and over a package document with variables', async () => {
    const wasm = compile(
      [
        { path: 't.rego', source: 'package t\n\ns contains x if { some x in input.xs }\nboth contains x if { s[x]; x > 1 }\nnames contains k if { data.lib[k] }\n' },
        { path: 'lib.rego', source: 'package lib\n\nyes := true\nno := false\nnone if false\n' },
      ],
      ['t/both', 't/names'],
    );
    expect(await evaluate(wasm, 't/both', { xs: [1, 2, 3] })).toEqual([{ result: [2, 3] }]);
    // data.lib = base {"base": 1} merged with {yes: true, no: false}; `data.lib[k]` needs a truthy value.
    expect(await evaluate(wasm, 't/names', { xs: [] }, { lib: { base: 1 } })).toEqual([{ result: ['base', 'yes'] }]);
  });

  it('negation over undefined is true; not over iteration; membership with in', async () => {
    const wasm = compile(
      `package t

a if not input.missing
b if not input.xs[_] == 2
c := [1 in input.xs, "k", 3 in input.xs]
d if { "x", 1 in {"x": 1} }
e := [x in {"a", 2}, x in {[x]}, x in s, "z" in s] if x := input.v
s := {y | some y in input.xs}
f := xs[_] if xs := input.xs
`,
      ['t/a', 't/b', 't/c', 't/d', 't/e', 't/f'],
    );
    expect(await evaluate(wasm, 't/a', {})).toEqual([{ result: true }]);
    expect(await evaluate(wasm, 't/b', { xs: [1, 2] })).toEqual([]);
    expect(await evaluate(wasm, 't/b', { xs: [1, 3] })).toEqual([{ result: true }]);
    expect(await evaluate(wasm, 't/c', { xs: [1, 2] })).toEqual([{ result: [true, 'k', false] }]);
    expect(await evaluate(wasm, 't/d', {})).toEqual([{ result: true }]);
    // constant set literals, non-constant sets, and sets probed by key
    expect(await evaluate(wasm, 't/e', { v: 2, xs: [2, 3] })).toEqual([{ result: [true, false, true, false] }]);
    // a head ref may iterate: one value is fine, two are a conflict
    expect(await evaluate(wasm, 't/f', { xs: [4, 4] })).toEqual([{ result: 4 }]);
    await expect(evaluate(wasm, 't/f', { xs: [4, 5] })).rejects.toThrow(/multiple outputs/);
  });

  it('with replaces input / base data for one literal; documents below it are not served from the memo', async () => {
    const wasm = compile(
      `package t

role := input.user.role
default admin := false
admin if role == "admin"
both := [admin, x] if { x := admin with input.user.role as "admin" }
after := [a, x] if { a := admin; x := admin with input.user.role as "admin" }
whole := y if { y := role with input as {"user": {"role": "r"}} }
limit := data.cfg.limit
raised := v if { v := limit with data.cfg.limit as 99 }
`,
      ['t/both', 't/after', 't/whole', 't/raised'],
    );
    expect(await evaluate(wasm, 't/both', { user: { role: 'dev', name: 'n' } })).toEqual([{ result: [false, true] }]);
    expect(await evaluate(wasm, 't/after', { user: { role: 'dev' } })).toEqual([{ result: [false, true] }]);
    expect(await evaluate(wasm, 't/whole', {})).toEqual([{ result: 'r' }]);
    expect(await evaluate(wasm, 't/raised', {}, { cfg: { limit: 1, other: 2 } })).toEqual([{ result: 99 }]);
  });

  it('rules with variables in their head refs build nested documents; clashing leaves are errors', async () => {
    const wasm = compile(
      `package t

users[name].role := r if { some u in input.users; name := u.name; r := u.role }
by_role[r] contains name if { some u in input.users; name := u.name; r := u.role }
admin_role := users.alice.role
`,
      ['t/users', 't/by_role', 't/admin_role'],
    );
    const input = { users: [{ name: 'alice', role: 'admin' }, { name: 'bob', role: 'dev' }, { name: 'carol', role: 'dev' }] };
    expect(await evaluate(wasm, 't/users', input)).toEqual([{ result: { alice: { role: 'admin' }, bob: { role: 'dev' }, carol: { role: 'dev' } } }]);
    expect(await evaluate(wasm, 't/by_role', input)).toEqual([{ result: { admin: ['alice'], dev: ['bob', 'carol'] } }]);
    expect(await evaluate(wasm, 't/admin_role', input)).toEqual([{ result: 'admin' }]);
    await expect(evaluate(wasm, 't/users', { users: [{ name: 'a', role: 'x' }, { name: 'a', role: 'y' }] })).rejects.toThrow(/eval_conflict_error/);
  });

  it('with replaces rule documents (mocking): the rules that read them see the replacement', async () => {
    const wasm = compile(
      [
        { path: 't.rego', source: 'package t\n\nq := 1\nr := q + 10\nmocked := x if { x := r with data.t.q as 5 }\nplain := r\npkg := x if { x := data.lib with data.lib.flag as "mock" }\n' },
        { path: 'lib.rego', source: 'package lib\n\nflag := "real"\nother := 2\n' },
      ],
      ['t/mocked', 't/plain', 't/pkg'],
    );
    expect(await evaluate(wasm, 't/mocked')).toEqual([{ result: 15 }]);
    expect(await evaluate(wasm, 't/plain')).toEqual([{ result: 11 }]);
    expect(await evaluate(wasm, 't/pkg')).toEqual([{ result: { flag: 'mock', other: 2 } }]);
  });

  it('set operators agree with set algebra (property)', async () => {
    const wasm = compile(
      'package t\n\na := {x | some x in input.a}\nb := {x | some x in input.b}\nu := a | b\nsets := {"u": u, "i": a & b, "d": a - b}\n',
      ['t/sets'],
    );
    const policy = await loadPolicy(wasm);
    policy.setData({});
    const small = fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 6 });
    fc.assert(
      fc.property(small, small, (a, b) => {
        const sa = new Set(a), sb = new Set(b);
        const sorted = (s: Iterable<number>) => [...new Set(s)].sort((x, y) => x - y);
        const want = { u: sorted([...sa, ...sb]), i: sorted(a.filter((x) => sb.has(x))), d: sorted(a.filter((x) => !sb.has(x))) };
        expect(policy.evaluate({ a, b }, 't/sets')).toEqual([{ result: want }]);
      }),
      { numRuns: 40 },
    );
  });
});

describe('compileRegoToWasm: diagnostics instead of wasm', () => {
  const diagnose = (source: string, entrypoints = ['t/p']) => compileRegoToWasm({ modules: [{ path: 'x.rego', source }], entrypoints });

  it.each([
    ['unsafe variable', 'package t\n\np if { x > 1 }\n', 'RG202', 3, 8],
    ['with inside a rule document', 'package t\n\nq := {"a": 1}\np if { q with data.t.q.a as 2 }\n', 'RG201', 4, 10],
    ['with on an operator builtin', 'package t\n\nq := 1\np if { q with plus as 2 }\n', 'RG201', 4, 10],
    ['builtin the VM lacks, reached unmocked', 'package t\n\nq := http.send({})\np if { q with input as 1 }\n', 'RG201', 3, 6],
    ['unsupported builtin', 'package t\n\np := http.send({})\n', 'RG201', 3, 6],
    ['undefined function', 'package t\n\np := nope(1)\n', 'RG203', 3, 6],
    ['recursion', 'package t\n\np := q\nq := p\n', 'RG205', 3, 1],
    ['rule kind conflict', 'package t\n\np := 1\np contains 2\n', 'RG204', 4, 1],
    ['syntax error', 'package t\n\np := \n', 'RG102', undefined, undefined],
  ] as const)('%s', (_, source, code, line, col) => {
    const out = diagnose(source);
    expect(out.wasm).toBeUndefined();
    expect(out.diagnostics.length).toBeGreaterThan(0);
    const d = out.diagnostics[0]!;
    expect(d.code).toBe(code);
    expect(d.file).toBe('x.rego');
    if (line !== undefined) expect([d.line, d.col]).toEqual([line, col]);
  });

  it('entrypoints must be document paths', () => {
    expect(diagnose('package t\n\nf(x) := x\n', ['t/f']).diagnostics[0]!.code).toBe('RG206');
    expect(diagnose('package t\n\np := 1\n', ['t//p']).diagnostics[0]!.code).toBe('RG206');
    expect(diagnose('package t\n\np := 1\n', []).diagnostics[0]!.code).toBe('RG206');
  });

  it('is deterministic: same sources, same bytes', () => {
    const a = compileRegoToWasm({ modules: [{ path: 'p.rego', source: AUTHZ }], entrypoints: ['rolec/authz/decision'] });
    const b = compileRegoToWasm({ modules: [{ path: 'p.rego', source: AUTHZ }], entrypoints: ['rolec/authz/decision'] });
    expect(Buffer.from(a.wasm!).equals(Buffer.from(b.wasm!))).toBe(true);
  });
});
