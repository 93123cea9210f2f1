// The spliced VM module through the real OPA SDK: both loaders, the ABI 1.2 fast path
// and the ctx path, setData, large and malformed inputs, heap reuse, aborts.
import { describe, expect, it } from 'vitest';
import type { Policy } from '../../../src/regowasm/plan/ir.ts';
import { Strings, L, emitResult, policy, load, loadSync, viaCtxPath, wasmOf } from './helpers.ts';

/** `x := input.a + 1` on entrypoint "t/x"; "t/n" = count(input.items); "t/role" = data.roles[input.user]; "t/noinput" = true if input undefined. */
function samplePolicy(): Policy {
  const S = new Strings();
  return policy(S, {
    't/x': { locals: 5, blocks: [[
      { op: 'Dot', source: L(0), key: S.str('a'), target: 2 },
      { op: 'Call', target: { builtin: 'plus' }, args: [L(2), S.num('1')], result: 3 },
      ...emitResult(S, 3, 4),
    ]] },
    't/n': { locals: 5, blocks: [[
      { op: 'Dot', source: L(0), key: S.str('items'), target: 2 },
      { op: 'Len', source: L(2), target: 3 },
      ...emitResult(S, 3, 4),
    ]] },
    't/role': { locals: 6, blocks: [[
      { op: 'Dot', source: L(1), key: S.str('roles'), target: 2 },
      { op: 'Dot', source: L(0), key: S.str('user'), target: 3 },
      { op: 'Dot', source: L(2), key: L(3), target: 4 },
      ...emitResult(S, 4, 5),
    ]] },
    't/noinput': { locals: 4, blocks: [[
      { op: 'IsUndefined', source: 0 },
      { op: 'AssignVar', source: { bool: true }, target: 2 },
      ...emitResult(S, 2, 3),
    ]] },
    't/abort': { locals: 2, blocks: [[{ op: 'Abort', message: S.idx('boom: custom error') }]] },
  });
}

describe('spliced VM module on @open-policy-agent/opa-wasm', () => {
  it('exposes exactly the OPA ABI surface (plus the rolec_vm_*_steps work counters, for tests) and imports nothing but env.memory and env.opa_abort', () => {
    const mod = new WebAssembly.Module(wasmOf(samplePolicy()));
    expect(WebAssembly.Module.imports(mod).map((i) => `${i.module}.${i.name}`).sort()).toEqual(['env.memory', 'env.opa_abort']);
    expect(WebAssembly.Module.exports(mod).map((e) => e.name).sort()).toEqual([
      'builtins', 'entrypoints', 'eval', 'opa_eval', 'opa_eval_ctx_get_result', 'opa_eval_ctx_new',
      'opa_eval_ctx_set_data', 'opa_eval_ctx_set_entrypoint', 'opa_eval_ctx_set_input', 'opa_free',
      'opa_heap_ptr_get', 'opa_heap_ptr_set', 'opa_json_dump', 'opa_json_parse', 'opa_malloc',
      'opa_value_dump', 'opa_value_parse', 'opa_wasm_abi_minor_version', 'opa_wasm_abi_version',
      'rolec_vm_exec_steps', 'rolec_vm_lookup_steps',
    ]);
  });

  it('is deterministic and compact', () => {
    const a = wasmOf(samplePolicy()), b = wasmOf(samplePolicy());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    // ~105 KB VM before the extended builtin set (ext*.ts, hash.ts), ~149 KB after it,
    // ~176 KB with exact big numbers (bignat.ts: format_int, units.*, sprintf %f),
    // ~185 KB with time zones and Go layouts (ext_time.ts, ext_layout.ts)
    expect(a.length).toBeLessThan(190_000);
  });

  it('evaluates through loadPolicy (fast path) and loadPolicySync (fast and ctx paths) alike', async () => {
    const fast = await load(samplePolicy());
    const sync = loadSync(samplePolicy());
    const ctx = viaCtxPath(loadSync(samplePolicy()));
    expect(fast.entrypoints).toEqual({ 't/x': 0, 't/n': 1, 't/role': 2, 't/noinput': 3, 't/abort': 4 });
    for (const pol of [fast, sync, ctx]) {
      expect(pol.evaluate({ a: 41 }, 't/x')).toEqual([{ result: 42 }]);
      expect(pol.evaluate({ a: 41 }, 0)).toEqual([{ result: 42 }]);
      expect(pol.evaluate({ a: 0.5 }, 't/x')).toEqual([{ result: 1.5 }]);
      expect(pol.evaluate({ b: 1 }, 't/x')).toEqual([]);
      expect(pol.evaluate({ a: 'x' }, 't/x')).toEqual([]); // builtin error → undefined
      expect(pol.evaluate(undefined, 't/noinput')).toEqual([{ result: true }]);
      expect(pol.evaluate({ a: 1 }, 't/noinput')).toEqual([]);
    }
  });

  it('reads data set with setData, and resets it', async () => {
    for (const pol of [await load(samplePolicy()), viaCtxPath(loadSync(samplePolicy()))]) {
      expect(pol.evaluate({ user: 'ann' }, 't/role')).toEqual([]);
      pol.setData({ roles: { ann: ['admin'], bob: ['viewer'] } });
      expect(pol.evaluate({ user: 'ann' }, 't/role')).toEqual([{ result: ['admin'] }]);
      expect(pol.evaluate({ user: 'bob' }, 't/role')).toEqual([{ result: ['viewer'] }]);
      pol.setData({ roles: { bob: ['x'] } });
      expect(pol.evaluate({ user: 'ann' }, 't/role')).toEqual([]);
      expect(pol.evaluate({ user: 'bob' }, 't/role')).toEqual([{ result: ['x'] }]);
    }
  });

  it('handles a 1 MB input and keeps memory bounded over many evaluations', async () => {
    const pol = await load(samplePolicy());
    const items = Array.from({ length: 18_000 }, (_, i) => ({ id: i, name: `item-${i}`, tags: ['a', 'b'], ok: i % 2 === 0 }));
    const input = { items };
    expect(JSON.stringify(input).length).toBeGreaterThan(1_000_000);
    expect(pol.evaluate(input, 't/n')).toEqual([{ result: 18_000 }]);
    const mem = (pol as unknown as { mem: WebAssembly.Memory }).mem;
    for (let i = 0; i < 4; i++) pol.evaluate(input, 't/n');
    const size = mem.buffer.byteLength;
    for (let i = 0; i < 200; i++) expect(pol.evaluate({ a: i }, 't/x')).toEqual([{ result: i + 1 }]);
    for (let i = 0; i < 4; i++) pol.evaluate(input, 't/n');
    expect(mem.buffer.byteLength).toBe(size);
  });

  it('rejects malformed input JSON with an error and keeps working afterwards', async () => {
    const bad = (s: string) => new TextEncoder().encode(s).buffer as ArrayBuffer;
    for (const pol of [await load(samplePolicy()), viaCtxPath(loadSync(samplePolicy()))]) {
      for (const text of ['{"a":', '{"a" 1}', '[1,]', '"\\x"', 'nul', '{"a":1}x', '01', '-']) {
        expect(() => pol.evaluate(bad(text), 't/x')).toThrow();
        expect(pol.evaluate({ a: 1 }, 't/x')).toEqual([{ result: 2 }]);
      }
      expect(pol.evaluate(bad('{"a": 2, "b": "é\\u00e9\\ud83d\\ude00"}'), 't/x')).toEqual([{ result: 3 }]);
    }
  });

  it('raises evaluation errors through opa_abort and recovers', async () => {
    const pol = await load(samplePolicy());
    expect(() => pol.evaluate({}, 't/abort')).toThrow(/boom: custom error/);
    expect(pol.evaluate({ a: 1 }, 't/x')).toEqual([{ result: 2 }]);
    expect(() => pol.evaluate({}, 99)).toThrow();
    expect(pol.evaluate({ a: 2 }, 't/x')).toEqual([{ result: 3 }]);
  });

  it('loads programs larger than the SDK\'s initial memory (passive segment copied in at start)', async () => {
    const S = new Strings();
    const big = 'x'.repeat(600_000);
    const p = policy(S, { big: { locals: 4, blocks: [[
      { op: 'Len', source: S.str(big), target: 2 }, ...emitResult(S, 2, 3)]] } });
    expect(wasmOf(p).length).toBeGreaterThan(5 * 65536);
    for (const pol of [await load(p), loadSync(p)]) {
      expect(pol.evaluate({}, 'big')).toEqual([{ result: 600_000 }]);
      pol.setData({ a: 1 });
      expect(pol.evaluate({}, 'big')).toEqual([{ result: 600_000 }]);
    }
  });

  it('survives thousands of aborted evaluations (shadow stack reset on every entry)', async () => {
    const pol = await load(samplePolicy());
    const bad = new TextEncoder().encode('{"a":[[[[1,]]]]}').buffer as ArrayBuffer;
    for (let i = 0; i < 3000; i++) {
      expect(() => pol.evaluate(bad, 't/x')).toThrow();
      expect(() => pol.evaluate({}, 't/abort')).toThrow(/boom/);
    }
    expect(pol.evaluate({ a: 1 }, 't/x')).toEqual([{ result: 2 }]);
  });

  it('refuses programs that call an unknown builtin at load time', async () => {
    const S = new Strings();
    const p = policy(S, { q: { locals: 3, blocks: [[{ op: 'Call', target: { builtin: 'no.such' }, args: [], result: 2 }]] } });
    await expect(load(p)).rejects.toThrow(/unknown builtin no.such/);
  });
});
