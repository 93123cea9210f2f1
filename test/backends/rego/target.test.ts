import { describe, expect, it } from 'vitest';
import { regoTargetWith } from '../../../src/backends/rego/target.ts';
import { regoTarget } from '../../../src/bundle/targets.ts';
import { clusterPerm, policySet, role } from './ir-builders.ts';

const IR = policySet({ roles: [role('ops', [clusterPerm('ops', ['monitor'])])] });

describe('rego build target', () => {
  it('writes the bundle under rego/: the tarball and the same files unpacked', async () => {
    const result = await regoTarget.build(IR);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.keys(result.output.files).sort()).toEqual([
      'rego/.manifest',
      'rego/bundle.tar.gz',
      'rego/data.json',
      'rego/policy.wasm',
      'rego/rolec/authz/decision.rego',
      'rego/rolec/authz/policy.rego',
    ]);
    const wasm = result.output.files['rego/policy.wasm'] as Uint8Array;
    expect([...wasm.subarray(0, 4)]).toEqual([0, 0x61, 0x73, 0x6d]);
  });

  it('builds an example policy set to byte-identical files twice', async () => {
    const { loadPolicySet } = await import('../../../src/semantics/index.ts');
    const set = await loadPolicySet(['policies/observability']);
    expect(set.ir).toBeDefined();
    const a = await regoTarget.build(set.ir!);
    const b = await regoTarget.build(set.ir!);
    if (!a.ok || !b.ok) throw new Error('rego target failed');
    expect(Object.keys(a.output.files)).toEqual(Object.keys(b.output.files));
    for (const [path, bytes] of Object.entries(a.output.files)) expect([path, Buffer.from(bytes).equals(Buffer.from(b.output.files[path]!))]).toEqual([path, true]);
  });

  it('turns compiler diagnostics and compiler crashes into build problems, with no files', async () => {
    const refusing = regoTargetWith(() => ({ diagnostics: [{ file: 'rolec/authz/policy.rego', line: 3, col: 1, code: 'RG201', message: 'nope' }] }));
    expect(await refusing.build(IR)).toEqual({
      ok: false,
      problems: [{ code: 'B0002', target: 'rego', message: 'compiler bug: the generated Rego does not compile to Wasm: rolec/authz/policy.rego:3:1: RG201 nope' }],
    });
    const crashing = regoTargetWith(() => {
      throw new Error('program too big');
    });
    const r = await crashing.build(IR);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.message).toContain('program too big');
  });
});
