import { describe, expect, it } from 'vitest';
import { readDecision } from '../../src/engines/rego.ts';

describe('RegoEngine result reading', () => {
  it('reads a well-formed decision', () => {
    expect(readDecision([{ result: { allow: true, reasons: ['a:1:r'], denied_by: [] } }])).toEqual({
      ok: true,
      decision: { decision: 'allow', reasons: ['a:1:r'], deniedBy: [] },
    });
    expect(readDecision([{ result: { allow: false, reasons: [], denied_by: ['a:2:d'] } }])).toEqual({
      ok: true,
      decision: { decision: 'deny', reasons: [], deniedBy: ['a:2:d'] },
    });
  });

  it.each([
    ['an undefined entrypoint', []],
    ['not a result set', { result: 1 }],
    ['two results', [{ result: {} }, { result: {} }]],
    ['a missing member', [{ result: { allow: true, reasons: ['x'] } }]],
    ['a non-boolean allow', [{ result: { allow: 'yes', reasons: [], denied_by: [] } }]],
    ['an allow with no reason', [{ result: { allow: true, reasons: [], denied_by: [] } }]],
    ['a deny with reasons', [{ result: { allow: false, reasons: ['x'], denied_by: [] } }]],
  ])('treats %s as an engine error, never a deny', (_, rs) => {
    const answer = readDecision(rs);
    expect(answer.ok).toBe(false);
  });
});

describe('RegoEngine loading', () => {
  it('loads a bundle directory written by the rego target and answers from it', async () => {
    const { mkdtempSync, rmSync, writeFileSync, mkdirSync, existsSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join, dirname } = await import('node:path');
    const { regoTarget } = await import('../../src/bundle/targets.ts');
    const { RegoEngine } = await import('../../src/engines/rego.ts');
    const { clusterPerm, policySet, role } = await import('../backends/rego/ir-builders.ts');
    const ir = policySet({
      roles: [role('ops', [clusterPerm('ops', ['manage'])])],
      assignments: [{ id: 'a:1:user:u', loc: { file: 'a', line: 1, col: 1 }, holder: { kind: 'principal', id: 'a:1:user:u', principalType: 'user', principalId: 'u' }, roles: ['ops'] }],
    });
    const built = await regoTarget.build(ir);
    if (!built.ok) throw new Error(JSON.stringify(built.problems));
    const dir = mkdtempSync(join(tmpdir(), 'rolec-rego-engine-'));
    try {
      for (const [path, bytes] of Object.entries(built.output.files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), bytes);
      }
      const readDir = (d: string) => new Map(['policy.wasm', 'data.json'].filter((n) => existsSync(join(d, n))).map((n) => [n, new Uint8Array(readFileSync(join(d, n)))]));
      const engine = RegoEngine.fromBundleFiles(readDir(join(dir, 'rego')));
      const id = ir.roles.find((r) => r.name === 'ops')!.permissions[0]!.id;
      const req = (action: string) => ({ principal: { type: 'user' as const, id: 'u' }, action, resource: { type: 'cluster' as const } });
      expect(engine.evaluate(req('monitor'))).toEqual({ ok: true, decision: { decision: 'allow', reasons: [id], deniedBy: [] } });
      expect(engine.evaluate(req('manage_security'))).toEqual({ ok: true, decision: { decision: 'deny', reasons: [], deniedBy: [] } });
      expect(() => RegoEngine.fromBundleFiles(readDir(dir))).toThrow(/cannot read policy\.wasm/);
      writeFileSync(join(dir, 'rego', 'data.json'), '{oops');
      expect(() => RegoEngine.fromBundleFiles(readDir(join(dir, 'rego')))).toThrow(/data\.json is not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('RegoEngine.evaluateAll', () => {
  /** An example set's Rego engine over `wrap`ped opa-wasm evaluate (real policy underneath). */
  async function exampleEngine(wrap?: (input: unknown, real: (input: unknown) => unknown) => unknown) {
    const fc = (await import('fast-check')).default;
    const opaSdk = (await import('@open-policy-agent/opa-wasm')) as unknown as { default?: unknown; loadPolicySync: unknown };
    const opa = (opaSdk.default ?? opaSdk) as { loadPolicySync(wasm: Uint8Array): { evaluate(input: unknown, entrypoint?: string): unknown; setData(data: unknown): void } };
    const { RegoEngine } = await import('../../src/engines/rego.ts');
    const { regoTarget } = await import('../../src/bundle/targets.ts');
    const { loadPolicySet } = await import('../../src/semantics/index.ts');
    const { requestArbitrary } = await import('../../src/harness/fuzz/generate.ts');
    const { collectConstants } = await import('../../src/harness/fuzz/constants.ts');
    const { ir } = await loadPolicySet(['policies/observability']);
    const built = await regoTarget.build(ir!);
    if (!built.ok) throw new Error(JSON.stringify(built.problems));
    const files = built.output.files as Record<string, Uint8Array>;
    const wasm = Object.entries(files).find(([p]) => p.endsWith('policy.wasm'))![1];
    const data = JSON.parse(new TextDecoder().decode(Object.entries(files).find(([p]) => p.endsWith('data.json'))![1]));
    const policy = opa.loadPolicySync(wasm);
    const real = (input: unknown) => policy.evaluate(input, 'rolec/authz/decision');
    const wrapped = { setData: (d: unknown) => policy.setData(d), evaluate: (input: unknown) => (wrap ? wrap(input, real) : real(input)) };
    const requests = fc.sample(requestArbitrary(ir!, collectConstants(ir!)), { seed: 4, numRuns: 300 });
    return { engine: new RegoEngine(wrapped, data), requests };
  }

  it('answers a batch exactly as one request at a time', async () => {
    const { engine, requests } = await exampleEngine();
    const alone = requests.map((r) => engine.evaluate(r));
    expect(engine.evaluateAll(requests)).toEqual(alone);
    expect(alone.some((a) => a.ok && a.decision.decision === 'allow')).toBe(true);
    expect(alone.every((a) => a.ok)).toBe(true);
  }, 60_000);

  it('fails only the request whose evaluation or adaptation throws', async () => {
    let calls = 0;
    const { engine, requests } = await exampleEngine((input, real) => {
      calls++;
      if ((input as { principal: { id: string } }).principal.id === 'boom') throw new Error('planted');
      return real(input);
    });
    const boom = { ...requests[1]!, principal: { ...requests[1]!.principal, id: 'boom' } };
    const unreadable = { ...requests[3]!, get principal(): never { throw new Error('unreadable'); } };
    const batch = [requests[0]!, boom, requests[2]!, unreadable as typeof boom, requests[4]!];
    const answers = engine.evaluateAll(batch);
    expect(answers[1]).toEqual({ ok: false, error: { engine: 'rego', message: 'opa-wasm: planted' } });
    expect(answers[3]).toMatchObject({ ok: false, error: { engine: 'rego' } });
    for (const i of [0, 2, 4]) expect(answers[i]).toEqual(engine.evaluate(batch[i]!));
    expect(calls).toBeGreaterThanOrEqual(4); // the unreadable request never reached opa-wasm
  }, 60_000);
});
