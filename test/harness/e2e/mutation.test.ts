/**
 * Mutation check on the REAL engines: perturb one engine's compiled output (the Cedar
 * policies text, or the Rego text before it is compiled to policy.wasm) and assert that
 * the fuzzer finds the disagreement and shrinks it to a small request. A harness that cannot see these is not testing anything.
 */
import { describe, expect, it } from 'vitest';
import { buildPolicySetUnderTest } from '../../../src/harness/policyset.ts';
import { defaultToolchain } from '../../../src/harness/toolchain.ts';
import { fuzz, type FuzzFailure } from '../../../src/harness/fuzz/run.ts';
import type { CedarBundle } from '../../../src/backends/cedar/compile.ts';

const OBS = ['policies/observability'];

/** Rewrites the text of every Cedar policy compiled from DSL rule `dslId`. */
function rewrite(dslId: string, from: string, to: string) {
  return (b: CedarBundle): CedarBundle => {
    let hits = 0;
    const policies = b.policies.map((p) => {
      if (p.dslId !== dslId || !p.text.includes(from)) return p;
      hits++;
      return { ...p, text: p.text.split(from).join(to) };
    });
    if (hits === 0) throw new Error(`mutation did not apply: ${dslId} has no "${from}"`);
    return { ...b, policies };
  };
}

async function fuzzMutant(mutateCedar: (b: CedarBundle) => CedarBundle, count: number, planted: (f: FuzzFailure) => boolean): Promise<FuzzFailure | undefined> {
  const set = await buildPolicySetUnderTest(OBS, { ...defaultToolchain, mutateCedar });
  if (!set.ok) throw new Error(JSON.stringify(set.errors));
  const failures = fuzz(set.value, { count, seed: 7, maxFailures: 3, stopWhen: planted }).failures;
  return failures.find(planted);
}

/** Number of leaf values in a request: a measure of how small the shrunk request is. */
function leaves(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + leaves(x), 0);
  if (v !== null && typeof v === 'object') return Object.values(v).reduce((n: number, x) => n + leaves(x), 0);
  return 1;
}

describe('mutation check: fuzz finds a perturbed Rego bundle', () => {
  it('finds a deny pattern widened from "prod-*" to "prod*" in the Rego bundle', async () => {
    // Deny patterns are data (data.rolec.denies, indexed by literal prefix); the mutant
    // widens them in the Rego text compiled to policy.wasm: the index deny rule reads
    // "prod…" as "prod-…", so "prod-*" acts as "prod*".
    const from = 'name := input.resource.index';
    const to = 'name := replace(input.resource.index, "prod", "prod-")';
    const compileRegoWasm: typeof defaultToolchain.compileRegoWasm = (req) => {
      const modules = req.modules.map((m) => (m.path.endsWith('decision.rego') ? { ...m, source: m.source.split(from).join(to) } : m));
      if (modules.every((m, i) => m.source === req.modules[i]!.source)) throw new Error('mutation did not apply');
      return defaultToolchain.compileRegoWasm({ ...req, modules });
    };
    const set = await buildPolicySetUnderTest(OBS, { ...defaultToolchain, compileRegoWasm });
    if (!set.ok) throw new Error(JSON.stringify(set.errors));
    const planted = (x: FuzzFailure) => x.rego.ok && x.rego.decision.deniedBy.includes('denies.role:3:prod_writes_need_mfa');
    const f = fuzz(set.value, { count: 3000, seed: 7, maxFailures: 3, stopWhen: planted }).failures.find(planted);
    expect(f).toBeDefined();
    expect(f!.cedar.ok && f!.cedar.decision.deniedBy).toEqual([]);
    const index = f!.request.resource.index!;
    expect(index.startsWith('prod') && !index.startsWith('prod-')).toBe(true);
    expect(leaves(f!.request)).toBeLessThanOrEqual(14);
  });
});

describe('mutation check: fuzz finds a perturbed Cedar bundle', () => {
  it('finds a deny pattern widened from "prod-*" to "prod*" and shrinks the request', async () => {
    const f = await fuzzMutant(rewrite('denies.role:3:prod_writes_need_mfa', 'like "prod-*"', 'like "prod*"'), 3000, (x) =>
      x.cedar.ok && x.cedar.decision.deniedBy.includes('denies.role:3:prod_writes_need_mfa'),
    );
    expect(f).toBeDefined();
    expect(f!.rego.ok && f!.rego.decision.deniedBy).toEqual([]);
    const index = f!.request.resource.index!;
    expect(index.startsWith('prod') && !index.startsWith('prod-')).toBe(true);
    expect(f!.request.context?.['mfa']).toBe(false);
    expect(f!.request.principal.groups).toBeUndefined();
    expect(f!.request.principal.realm).toBeUndefined();
    expect(f!.request.resource.deployment).toBeUndefined();
    expect(leaves(f!.request)).toBeLessThanOrEqual(14);
  });

  it('finds a dropped `has` guard (Cedar evaluation error) and shrinks the request', async () => {
    const f = await fuzzMutant(rewrite('ingest.role:16:tenant_writer', '(resource.attributes has tenant) && ', ''), 3000, (x) => !x.cedar.ok);
    expect(f).toBeDefined();
    expect(f!.rego.ok).toBe(true);
    expect(f!.request.resource.type).toBe('document');
    expect(f!.request.resource.index!.startsWith('tenants-')).toBe(true);
    expect(f!.request.resource.attributes?.['tenant']).toBeUndefined();
    expect(leaves(f!.request)).toBeLessThanOrEqual(16);
  });
});
