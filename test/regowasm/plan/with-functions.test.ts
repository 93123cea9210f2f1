/**
 * `with` replacing functions and builtins (OPA's mocking), end to end through the real
 * @open-policy-agent/opa-wasm SDK. Expected values follow OPA's documented semantics of
 * `with`: inside the modified expression (and everything it evaluates) calls to the target
 * return the replacement's result (`with f as g`) or the value (`with f as v`).
 */
import { createRequire } from 'node:module';
import type { loadPolicy as LoadPolicyFn } from '@open-policy-agent/opa-wasm';
import { describe, expect, it } from 'vitest';
import { compileRegoToWasm } from '../../../src/regowasm/index.ts';

const { loadPolicy } = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as { loadPolicy: typeof LoadPolicyFn };

async function run(source: string, entrypoint = 't/p', input: unknown = {}): Promise<unknown> {
  const out = compileRegoToWasm({ modules: [{ path: 't.rego', source }], entrypoints: [entrypoint] });
  expect(out.diagnostics).toEqual([]);
  const policy = await loadPolicy(out.wasm!);
  policy.setData({});
  const rs = policy.evaluate(input, entrypoint) as { result: unknown }[];
  return rs.length === 0 ? undefined : rs[0]!.result;
}

function diagnostics(source: string): { code: string; line: number; message: string }[] {
  const out = compileRegoToWasm({ modules: [{ path: 't.rego', source }], entrypoints: ['t/p'] });
  return out.diagnostics.map((d) => ({ code: d.code, line: d.line, message: d.message }));
}

describe('with replacing functions and builtins', () => {
  it('a builtin replaced by a user function, also inside rules the expression calls', async () => {
    const src = `package t
mock_count(_) := 42
n := count(input.xs)
p := [n, x, y] if {
  x := n with count as mock_count
  y := count(input.xs) with count as mock_count
}`;
    expect(await run(src, 't/p', { xs: [1, 2] })).toEqual([2, 42, 42]);
  });

  it('a builtin replaced by a value, by another builtin, and output-argument calls', async () => {
    const src = `package t
p := [a, b, c] if {
  a := count([1, 2, 3]) with count as 7
  b := upper("x") with upper as lower
  count([1], c) with count as "mocked"
}`;
    expect(await run(src)).toEqual([7, 'x', 'mocked']);
  });

  it('a user function replaced by a value, a function, and data.<pkg>.f targets', async () => {
    const src = `package t
f(x) := x + 1
g(x) := x * 10
uses_f := f(1)
p := [a, b, c, d] if {
  a := uses_f with f as 100
  b := uses_f with f as g
  c := f(5) with data.t.f as g
  d := uses_f
}`;
    expect(await run(src)).toEqual([100, 10, 50, 2]);
  });

  it('nested with: the innermost replacement of a target wins, others still apply', async () => {
    const src = `package t
f(_) := "f"
g(_) := "g"
h(_) := "h"
inner := [f(0), upper("a")]
outer := x if { x := inner with f as h }
p := x if {
  x := outer with f as g with upper as lower
}`;
    expect(await run(src)).toEqual(['h', 'a']);
  });

  it('mocks combine with input replacement and do not leak into the memoised documents', async () => {
    const src = `package t
default allow := false
allow if count(input.roles) > 1
p := [a, b, c] if {
  a := allow with count as 5 with input.roles as []
  b := allow with input.roles as ["x", "y"]
  c := allow
}`;
    expect(await run(src, 't/p', { roles: [] })).toEqual([true, true, false]);
  });

  it('a mock value computed at run time reaches the documents and functions below', async () => {
    const src = `package t
f(x) := x
n := count(input.xs)
g(y) := [f(y), n]
p := [a, b, c] if {
  some v in [10]
  a := g(1) with f as v with count as input.k
  b := g(2) with f as input.k
  c := [g(3), n]
}`;
    expect(await run(src, 't/p', { xs: [1], k: 'K' })).toEqual([[10, 'K'], ['K', 1], [[3, 1], 1]]);
  });

  it('two withs with the same target in one body keep their own values', async () => {
    const src = `package t
f(_) := 0
r := f(0)
p := [a, b] if {
  x := 1
  y := 2
  a := r with f as x
  b := r with f as y
}`;
    expect(await run(src)).toEqual([1, 2]);
  });

  it('a replacing function runs with no function mocks in effect (it may call what it replaces), input replacements still apply', async () => {
    const src = `package t
mock_count(x) := count(x) + 100
f(_) := "f"
g(_) := [f(0), input.k]
p := [a, b] if {
  a := count([1, 2]) with count as mock_count
  b := f(1) with f as g with input.k as "K"
}`;
    expect(await run(src)).toEqual([102, ['f', 'K']]);
  });

  it('a value mock still needs defined arguments', async () => {
    const src = `package t
p := x if { x := count(input.missing) with count as 1 }
q := 1 if { count(input.missing) with count as 1 }
`;
    expect(await run(src)).toBeUndefined();
  });

  it('builtins the VM lacks can be mocked; unmocked calls are RG201 only where an entrypoint reaches them', async () => {
    const src = `package t
resp := http.send({"method": "GET", "url": "https://example.com"})
allow if resp.status_code == 200
now := time.now_ns()
p := [a, b, c] if {
  a := allow with http.send as {"status_code": 200}
  b := now with time.now_ns as 42
  http.send({}, c) with http.send as "out"
}`;
    expect(await run(src)).toEqual([true, 42, 'out']);
    const out = compileRegoToWasm({ modules: [{ path: 't.rego', source: src }], entrypoints: ['t/p', 't/allow'] });
    expect(out.diagnostics.map((d) => [d.code, d.line])).toEqual([['RG201', 2]]);
  });

  it("OPA's documented testing pattern: http.send and io.jwt.decode_verify mocked by user functions", async () => {
    const src = `package t
allow if payload.owner == input.name
claims[k] := v if {
  resp := http.send({"method": "GET", "body": input}).body
  some k, v in resp
}
payload := p if {
  some p
  [true, _, p] = io.jwt.decode_verify(claims.jwt, {"cert": data.verification.cert, "iss": "issuer"})
}
pass_resp := {"body": {"jwt": "myjot"}}
deny_resp := {"body": {}}
mock_http_send(req) := pass_resp if { req.body.name == "alice" } else := deny_resp
mock_decode_verify("myjot", _) := [true, {}, {"owner": "alice"}]
p := [a, b] if {
  a := [x | x := allow with data.verification.cert as "cert" with input.name as "alice" with http.send as mock_http_send with io.jwt.decode_verify as mock_decode_verify]
  b := [x | x := allow with data.verification.cert as "cert" with input.name as "bob" with http.send as mock_http_send with io.jwt.decode_verify as mock_decode_verify]
}`;
    expect(await run(src)).toEqual([[true], []]);
  });

  it('a target through an import alias is the document or function the alias names (OPA resolves imports in targets)', async () => {
    const src = `package t
import data.t.lib as l
import input.user as u
import data.t["a.b"] as ab
p := [x, y, z, w] if {
  x := l.flag with l.flag as 5
  y := l.f(1) with l.f as 7
  z := input.user.name with u.name as "bob"
  w := data.t["a.b"].x with ab.x as 2
}`;
    const lib = `package t.lib
default flag := false
flag if input.x == 1
f(x) := x + 1`;
    const out = compileRegoToWasm({ modules: [{ path: 't.rego', source: src }, { path: 'lib.rego', source: lib }], entrypoints: ['t/p'] });
    expect(out.diagnostics).toEqual([]);
    const policy = await loadPolicy(out.wasm!);
    policy.setData({ t: { 'a.b': { x: 1 } } });
    expect((policy.evaluate({ user: { name: 'al' } }, 't/p') as { result: unknown }[])[0]!.result).toEqual([5, 7, 'bob', 2]);
  });

  it('unsupported forms keep a positioned diagnostic', () => {
    expect(diagnostics('package t\np if { 1 + 1 == 2 with plus as minus }\n')[0]).toMatchObject({ code: 'RG201', line: 2 });
    expect(diagnostics('package t\nf(x) := x\np if { f(1) with f as concat }\n')[0]).toMatchObject({ code: 'RG203', line: 3 });
    expect(diagnostics('package t\np if { true with nosuch as 1 }\n')[0]).toMatchObject({ code: 'RG203', line: 2 });
    // builtins the VM lacks and that are not in the mockable list stay RG201 wherever they are
    expect(diagnostics('package t\nq if { providers.aws.sign_req({}, {}, 0, x); x }\np := 1\n')[0]).toMatchObject({ code: 'RG201', line: 2 });
    expect(diagnostics('package t\np if { true with providers.aws.sign_req as 1 }\n')[0]).toMatchObject({ code: 'RG201', line: 2 });
  });
});
