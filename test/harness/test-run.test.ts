import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests, type PolicySetLoader, type TestRunOptions } from '../../src/harness/test-run.ts';
import { sampleIR } from './sample-ir.ts';
import { logsReadRule, logsReadRuleWithBracketBug, sampleChecker, scriptedEngine } from './doubles.ts';

const req = (index: string) => ({ principal: { type: 'user', id: 'jane', attributes: { clearance: 3 } }, action: 'read', resource: { type: 'index', index }, context: { mfa: true } });

function workspace(cases: object[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'rolec-test-'));
  mkdirSync(join(dir, 'fixtures'));
  mkdirSync(join(dir, 'policies'));
  writeFileSync(join(dir, 'fixtures', 'a.yaml'), JSON.stringify({ policies: '../policies', cases }));
  return dir;
}

const loaderWith = (rego: typeof logsReadRule): PolicySetLoader => async (paths) => ({
  ok: true,
  value: { paths, ir: sampleIR, cedar: scriptedEngine('cedar', logsReadRule), rego: scriptedEngine('rego', rego), checkRequest: sampleChecker },
});
const opts = (cwd: string, more: Partial<TestRunOptions> = {}): TestRunOptions => ({ fixtures: ['fixtures'], reporter: 'text', coverage: false, isTTY: false, cwd, ...more });

describe('rolec test (scripted engines)', () => {
  const cases = [
    { name: 'reads logs', request: req('logs-1'), expect: 'allow' },
    { name: 'reads other', request: req('other'), expect: 'deny' },
  ];

  it('exits 0 and prints the table and summary when all pass', async () => {
    const dir = workspace(cases);
    const r = await runTests(opts(dir), loaderWith(logsReadRule));
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('fixtures/a.yaml  (policies: policies)');
    expect(r.stdout).toContain('  reads logs   allow  allow  allow     PASS');
    expect(r.stdout.endsWith('2 passed, 0 failed (0 disagreements, 0 engine errors)\n')).toBe(true);
  });

  it('exits 1 on a disagreement and writes JUnit to --output', async () => {
    const dir = workspace([...cases, { name: 'bracket', request: req('logs-['), expect: 'allow' }]);
    const r = await runTests(opts(dir, { reporter: 'junit', output: 'out/junit.xml' }), loaderWith(logsReadRuleWithBracketBug));
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('2 passed, 1 failed (1 disagreement, 0 engine errors)');
    expect(r.report?.file).toBe(join(dir, 'out/junit.xml'));
    expect(r.report?.text).toContain('<failure type="disagreement"');
  });

  it('exits 2 on an invalid request, naming file, path and line', async () => {
    const dir = workspace([{ name: 'bad', request: { ...req('x'), action: 7 }, expect: 'deny' }]);
    const r = await runTests(opts(dir), loaderWith(logsReadRule));
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe("fixtures/a.yaml:1:139: error H0003 at $.cases[0].request.action: case 'bad': invalid request: must be string\n");
  });

  it('exits 2 when the fixture path does not exist or the policy set does not build', async () => {
    const dir = workspace(cases);
    expect((await runTests(opts(dir, { fixtures: ['nope'] }), loaderWith(logsReadRule))).exitCode).toBe(2);
    const broken: PolicySetLoader = async () => ({ ok: false, errors: [{ code: 'E0201', file: 'p/a.role', path: '', line: 3, col: 5, message: 'undefined role' }] });
    const r = await runTests(opts(dir), broken);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('p/a.role:3:5: error E0201: undefined role');
  });

  it('reports coverage and fails below the threshold', async () => {
    const dir = workspace(cases);
    const r = await runTests(opts(dir, { coverage: true, coverageThreshold: 50 }), loaderWith(logsReadRule));
    expect(r.stdout).toContain('coverage: 2/9 rules exercised (22.2%)');
    expect(r.stdout).toContain('not exercised: deny             a.role:30:prod_writes_need_mfa');
    expect(r.stdout).toContain('coverage 22.2% is below the threshold of 50%');
    expect(r.exitCode).toBe(1);
  });

  it('gives a JSON report on stdout with --reporter json', async () => {
    const dir = workspace(cases);
    const r = await runTests(opts(dir, { reporter: 'json', coverage: true }), loaderWith(logsReadRule));
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toEqual({ cases: 2, passed: 2, failed: 0, disagreements: 0, engineErrors: 0 });
    expect(doc.coverage[0]).toMatchObject({ policies: ['policies'], total: 9, exercised: 2 });
  });
});
