import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFuzz } from '../../../src/harness/fuzz/fuzz-run.ts';
import type { PolicySetLoader } from '../../../src/harness/test-run.ts';
import { sampleIR } from '../sample-ir.ts';
import { logsReadRule, logsReadRuleWithBracketBug, sampleChecker, scriptedEngine } from '../doubles.ts';

const loaderWith = (rego: typeof logsReadRule): PolicySetLoader => async (paths) => ({
  ok: true,
  value: { paths, ir: sampleIR, cedar: scriptedEngine('cedar', logsReadRule), rego: scriptedEngine('rego', rego), checkRequest: sampleChecker },
});

describe('rolec fuzz (scripted engines)', () => {
  it('exits 0 and reports throughput when the engines agree', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'rolec-fuzz-'));
    const r = await runFuzz({ sets: [['policies/x']], count: 200, seed: 5, outDir: 'ff', maxFailures: 2, cwd }, loaderWith(logsReadRule));
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^policies\/x: seed 5, 200 requests on both engines, 0 disagreements, 0 invalid \(\d+ requests\/s\)\n  rules exercised by the generated requests: \d+\/9 \(\S+%\)\n(    not exercised: .*\n)*$/);
    expect(existsSync(join(cwd, 'ff'))).toBe(false);
  });

  it('exits 1, prints the shrunk request and writes it as a fixture', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'rolec-fuzz-'));
    const r = await runFuzz({ sets: [['policies/x']], count: 2000, seed: 5, outDir: 'ff', maxFailures: 2, cwd }, loaderWith(logsReadRuleWithBracketBug));
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('1 disagreement');
    expect(r.stdout).toContain('disagreement #1');
    expect(r.stdout).toContain('→ ff/fuzz-policies_x-5-1.yaml');
    expect(r.stdout).toContain('    - decision: cedar allow, rego deny');
    const written = readFileSync(join(cwd, 'ff/fuzz-policies_x-5-1.yaml'), 'utf8');
    expect(written).toContain('policies:\n  - ../policies/x\n');
    expect(written).toContain('expect: allow');
  });

  it('replays a failure on fresh engines and flags answers that depend on earlier requests', async () => {
    // A Rego double with leaking state: after any cluster request it denies the next request.
    const leaky: PolicySetLoader = async (paths) => {
      let poisoned = false;
      const rego = scriptedEngine('rego', (r) => {
        const answer = poisoned ? { ok: true as const, decision: { decision: 'deny' as const, reasons: [], deniedBy: [] } } : logsReadRule(r);
        poisoned = r.resource.type === 'cluster';
        return answer;
      });
      return { ok: true, value: { paths, ir: sampleIR, cedar: scriptedEngine('cedar', logsReadRule), rego, checkRequest: sampleChecker } };
    };
    const cwd = mkdtempSync(join(tmpdir(), 'rolec-fuzz-'));
    const r = await runFuzz({ sets: [['policies/x']], count: 2000, seed: 5, outDir: 'ff', maxFailures: 1, cwd }, leaky);
    expect(r.exitCode).toBe(1);
    const f = r.results[0]!.result.failures[0]!;
    expect(f.replay === 'needs-previous' || f.replay === 'history-dependent').toBe(true);
    expect(r.stdout).toMatch(/on fresh engines|does not reproduce on fresh engines/);
  });

  it('exits 2 when a policy set does not build', async () => {
    const broken: PolicySetLoader = async () => ({ ok: false, errors: [{ code: 'H0005', file: 'nope', path: '', message: 'no such file or directory' }] });
    const r = await runFuzz({ sets: [['nope']], count: 10, seed: 1, outDir: 'ff', maxFailures: 1, cwd: '/' }, broken);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('nope: error H0005: no such file or directory\n');
  });
});
