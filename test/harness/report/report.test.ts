import { describe, expect, it } from 'vitest';
import { renderSummary, renderTable, renderTextReport } from '../../../src/harness/report/table.ts';
import { renderJUnit, xml } from '../../../src/harness/report/junit.ts';
import { renderJson } from '../../../src/harness/report/json.ts';
import { ansi } from '../../../src/harness/report/style.ts';
import { runCase, summarize, type FileResult } from '../../../src/harness/run.ts';
import type { FixtureCase } from '../../../src/harness/fixtures.ts';
import type { Request } from '../../../src/request/types.ts';
import { allow, deny, failure, scriptedEngine } from '../doubles.ts';

const request = { principal: { type: 'user', id: 'jane' }, action: 'read', resource: { type: 'index', index: 'logs-1' } } as Request;
const kase = (name: string, expect: 'allow' | 'deny', line: number): FixtureCase => ({ name, request, expect, path: `$.cases[${line}]`, line });

// Cedar allows; Rego allows the first case and denies the second; the third errors in Rego.
const cedar = scriptedEngine('cedar', () => allow('a.role:3:logs_reader'));
let n = 0;
const rego = scriptedEngine('rego', () => [allow('a.role:3:logs_reader'), deny(), failure('rego', 'boom')][n++ % 3]!);
const file: FileResult = {
  file: '/w/fixtures/obs.yaml',
  policies: ['/w/policies/obs'],
  cases: [kase('jane reads logs', 'allow', 3), kase('jane & <co> "quoted"', 'allow', 9), kase('engine breaks', 'deny', 15)].map((c) => runCase(c, { cedar, rego })),
};
const summary = summarize([file]);

describe('reports', () => {
  it('summarises passes, failures, disagreements and engine errors', () => {
    expect(summary).toEqual({ cases: 3, passed: 1, failed: 2, disagreements: 1, engineErrors: 1 });
    expect(renderSummary(summary)).toBe('1 passed, 2 failed (1 disagreement, 1 engine error)\n');
    expect(renderSummary({ cases: 2, passed: 2, failed: 0, disagreements: 0, engineErrors: 0 })).toBe('2 passed, 0 failed (0 disagreements, 0 engine errors)\n');
  });

  it('renders an aligned table per file, without colour unless asked', () => {
    expect(renderTable(file, undefined, '/w')).toBe(
      [
        'fixtures/obs.yaml  (policies: policies/obs)',
        '  case                  cedar  rego   expected  verdict',
        '  jane reads logs       allow  allow  allow     PASS',
        '  jane & <co> "quoted"  allow  deny   allow     DISAGREE',
        '  engine breaks         allow  ERROR  deny      ERROR',
        '',
      ].join('\n'),
    );
    expect(renderTable(file, ansi, '/w')).toContain('\u001b[32mPASS\u001b[39m');
  });

  it('details every failure: request, both answers, the rules each engine cites', () => {
    const text = renderTextReport([file], summary, undefined, '/w');
    expect(text).toContain('DISAGREE jane & <co> "quoted"  fixtures/obs.yaml:9');
    expect(text).toContain(`    request:  ${JSON.stringify(request)}`);
    expect(text).toContain('    cedar:    allow  reasons [a.role:3:logs_reader]  denied_by []');
    expect(text).toContain('    rego:     deny  reasons []  denied_by []');
    expect(text).toContain('    - engines disagree on decision: cedar allow, rego deny');
    expect(text).toContain('    rego:     engine error: boom');
    expect(text.endsWith('1 passed, 2 failed (1 disagreement, 1 engine error)\n')).toBe(true);
  });

  it('writes JUnit XML: one testcase per case, failures and errors, escaped', () => {
    const x = renderJUnit([file], summary, '/w');
    expect(x).toContain('<testsuites name="rolec test" tests="3" failures="1" errors="1">');
    expect(x).toContain('<testsuite name="fixtures/obs.yaml" tests="3" failures="1" errors="1">');
    expect(x).toContain('<testcase classname="fixtures/obs.yaml" name="jane reads logs"/>');
    expect(x).toContain('name="jane &amp; &lt;co&gt; &quot;quoted&quot;">');
    expect(x).toContain('<failure type="disagreement" message="rego: decided deny, expected allow; engines disagree on decision: cedar allow, rego deny">');
    expect(x).toContain('<error type="engine-error" message="cedar: decided allow, expected deny; rego: engine error: boom">');
    expect(x.match(/<testcase /g)).toHaveLength(3);
    expect(renderJUnit([file], summary, '/w')).toBe(x); // deterministic: no timings
    expect(xml('a\u0000b')).toBe('a\uFFFDb');
  });

  it('writes a JSON report with the summary and every answer', () => {
    const doc = JSON.parse(renderJson([file], summary, undefined, '/w'));
    expect(doc.summary).toEqual(summary);
    expect(doc.files[0].cases[1]).toMatchObject({ verdict: 'disagree', rego: { ok: true, decision: { decision: 'deny' } }, request });
  });
});
