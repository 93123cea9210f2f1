/**
 * The harness end to end on the REAL engines (cedar-wasm, and opa-wasm on the policy.wasm
 * built by rolec's Rego→Wasm compiler): every policy set in policies/ under a bounded
 * fuzz with a fixed seed (zero disagreements, zero invalid requests), answers independent
 * of evaluation order (no state leaking between evaluations), a hand-checked
 * fixture through `rolec test`, and the CLI's exit codes.
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { discoverPolicySets } from '../../../src/semantics/index.ts';
import { buildPolicySetUnderTest } from '../../../src/harness/policyset.ts';
import { defaultToolchain } from '../../../src/harness/toolchain.ts';
import { fuzz } from '../../../src/harness/fuzz/run.ts';
import { runTests } from '../../../src/harness/test-run.ts';
import fc from 'fast-check';
import { collectConstants } from '../../../src/harness/fuzz/constants.ts';
import { requestArbitrary } from '../../../src/harness/fuzz/generate.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURE = join(ROOT, 'test/harness/e2e/observability.yaml');
// In-process fuzz per policy set. The bound of 2,000 per set runs through the CLI
// below: in a vitest worker, Node 20.20's V8 intermittently aborts ("unreachable code" in
// Deoptimizer::DoComputeBuiltinContinuation) on runs that long, which the CLI never did.
const FUZZ_COUNT = 500;
const CLI_FUZZ_COUNT = 2_000;
const run = promisify(execFile);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [join(ROOT, 'bin/rolec.js'), ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('bounded differential fuzz over every example policy set', async () => {
  const sets = await discoverPolicySets([join(ROOT, 'policies')]);
  it('finds the example policy sets', () => expect(sets.length).toBeGreaterThanOrEqual(3));
  for (const paths of sets) {
    it(`${paths.map((p) => p.slice(ROOT.length + 1)).join(', ')}: engines agree on ${FUZZ_COUNT} generated requests`, async () => {
      const set = await buildPolicySetUnderTest(paths, defaultToolchain);
      if (!set.ok) throw new Error(JSON.stringify(set.errors));
      const r = fuzz(set.value, { count: FUZZ_COUNT, seed: 20261122, maxFailures: 1 });
      expect(r.invalid, 'generated requests must pass the request schema').toEqual([]);
      const shown = r.failures.map((f) => ({ differences: f.differences, request: f.request }));
      expect(shown, 'disagreements (shrunk)').toEqual([]);
      expect(r.evaluated).toBe(FUZZ_COUNT);
    });
  }
  for (const paths of sets) {
    it(`${paths.map((p) => p.slice(ROOT.length + 1)).join(', ')}: answers do not depend on what was evaluated before`, async () => {
      // Same requests, opposite orders, on two freshly loaded pairs of engines.
      const a = await buildPolicySetUnderTest(paths, defaultToolchain);
      const b = await buildPolicySetUnderTest(paths, defaultToolchain);
      if (!a.ok || !b.ok) throw new Error('policy set does not build');
      const requests = fc.sample(requestArbitrary(a.value.ir, collectConstants(a.value.ir)), { seed: 99, numRuns: 150 });
      const forward = requests.map((r) => [a.value.cedar.evaluate(r), a.value.rego.evaluate(r)]);
      const backward = [...requests].reverse().map((r) => [b.value.cedar.evaluate(r), b.value.rego.evaluate(r)]).reverse();
      const differing = requests.flatMap((r, i) => (JSON.stringify(forward[i]) === JSON.stringify(backward[i]) ? [] : [{ request: r, forward: forward[i], backward: backward[i] }]));
      expect(differing.slice(0, 2)).toEqual([]);
    });
  }
});

describe('rolec fuzz (CLI) over every example policy set', async () => {
  const sets = await discoverPolicySets([join(ROOT, 'policies')]);
  it(`engines agree on ${CLI_FUZZ_COUNT} generated requests per set (fixed seed, separate processes)`, async () => {
    const out = mkdtempSync(join(tmpdir(), 'rolec-fuzz-'));
    const runs = await Promise.all(
      sets.map((paths) => cli(['fuzz', '--policies', ...paths, '--count', String(CLI_FUZZ_COUNT), '--seed', '20261122', '--out', out])),
    );
    for (const r of runs) {
      expect(r.stderr + r.stdout).toMatch(new RegExp(`${CLI_FUZZ_COUNT} requests on both engines, 0 disagreements, 0 invalid`));
      expect(r.code).toBe(0);
    }
  });
});

describe('rolec test on the real engines', () => {
  it('passes every fixture in fixtures/ on both engines (what npm start runs)', async () => {
    const r = await runTests({ fixtures: [join(ROOT, 'fixtures')], reporter: 'text', coverage: false, isTTY: false, cwd: ROOT }, (p) => buildPolicySetUnderTest(p, defaultToolchain));
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/\n\d+ passed, 0 failed \(0 disagreements, 0 engine errors\)\n$/);
    expect(r.exitCode).toBe(0);
  });

  it('passes a hand-checked fixture, reasons and denied_by included', async () => {
    const r = await runTests({ fixtures: [FIXTURE], reporter: 'text', coverage: true, isTTY: false, cwd: ROOT }, (p) => buildPolicySetUnderTest(p, defaultToolchain));
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('5 passed, 0 failed (0 disagreements, 0 engine errors)');
    expect(r.stdout).toContain('coverage of policies/observability');
    expect(r.exitCode).toBe(0);
  });

  it('CLI: exit 1 with details on a wrong expectation, JUnit written; an invalid request is exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolec-e2e-'));
    const text = readFileSync(FIXTURE, 'utf8').replace('policies: ../../../policies/observability', `policies: ${join(ROOT, 'policies/observability')}`);
    writeFileSync(join(dir, 'wrong.yaml'), text.replace('    expect: allow\n    reasons: [roles.role:12:logs_reader]', '    expect: deny'));
    const junit = join(dir, 'out.xml');
    const bad = await cli(['test', join(dir, 'wrong.yaml'), '--reporter', 'junit', '--output', junit]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('4 passed, 1 failed (0 disagreements, 0 engine errors)');
    expect(bad.stdout).toContain('    cedar:    allow  reasons [roles.role:12:logs_reader]  denied_by []');
    expect(bad.stdout).toContain('    - rego: decided allow, expected deny');
    expect(readFileSync(junit, 'utf8')).toContain('<failure type="expectation"');

    writeFileSync(join(dir, 'invalid.yaml'), text.replace('clearance: 3, security_attributes: [] } }\n      action: read', 'clearance: 3.5, security_attributes: [] } }\n      action: read'));
    const invalid = await runTests({ fixtures: [join(dir, 'invalid.yaml')], reporter: 'text', coverage: false, isTTY: false, cwd: ROOT }, (p) => buildPolicySetUnderTest(p, defaultToolchain));
    expect(invalid.exitCode).toBe(2);
    expect(invalid.stderr).toMatch(/invalid\.yaml:7:\d+: error H0003 at \$\.cases\[0\]\.request\.principal\.attributes\.clearance: /);
  });
});
