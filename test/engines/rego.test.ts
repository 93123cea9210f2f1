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
