/**
 * OPA compliance suite (../shared/opa-compliance/v1, ALL cases, read in place) and the regorus
 * cases (../shared/regorus) against rolec's own Rego→Wasm compiler, evaluated by the real
 * @open-policy-agent/opa-wasm SDK.
 *
 * Every case gets a verdict (runner.ts: pass / coded rejection / wrong answer / error
 * mismatch / internal error / n/a); tables per category are printed and a JSON summary is
 * written to $TMPDIR/rolec-rego-compliance.json with every failure. Asserted: 0 wrong answers
 * and 0 internal errors on OPA's suite, pass ≥ 90% of all its cases, 0 internal errors on
 * regorus, and docs/rego-subset.md's generated section equal to this run's tables
 * (regenerate with `npx tsx test/regowasm/compliance/gen-doc.ts`).
 * Debugging: REGO_COMPLIANCE_FILTER=every (substring of "category/file note") runs a subset.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseRego } from '../../src/regowasm/syntax/index.ts';
import { complianceAvailable, COMPLIANCE_DIR, loadCases } from './compliance/cases.ts';
import { compile, opaCaseId, runOpaCases, runRegorusCases, SUBSET_DOC } from './compliance/fidelity.ts';
import type { CaseResult } from './compliance/fidelity.ts';
import { loadRegorusCases, regorusAvailable } from './compliance/regorus.ts';
import { fidelitySection, FIDELITY_BEGIN, FIDELITY_END, formatTable, summarise } from './compliance/report.ts';
import { runCase } from './compliance/runner.ts';

const available = complianceAvailable();
if (!available) console.log(`OPA compliance cases not found at ${COMPLIANCE_DIR}: skipping the compliance run`);
/** REGO_COMPLIANCE_FILTER=<substring of category/file/note> narrows the run while debugging. */
const filter = process.env.REGO_COMPLIANCE_FILTER;
const cases = (available ? loadCases() : []).filter((c) => !filter || `${c.category}/${c.file} ${c.note}`.includes(filter));
if (filter) console.log(`REGO_COMPLIANCE_FILTER=${filter}: ${cases.length} cases (targets not asserted)`);
/** Failures printed in full up to this many; all of them are in the JSON file. */
const MAX_PRINTED_FAILURES = Number(process.env.REGO_COMPLIANCE_MAX_FAILURES ?? 60);
const categories = [...new Set(cases.map((c) => c.category))];

const results: CaseResult[] = [];
const byId = new Map(cases.map((c) => [opaCaseId(c), c]));
const regorusResults: CaseResult[] = [];

describe.skipIf(!available)('OPA compliance (v1)', () => {
  it('parses every module of the suite except v0-syntax ones (Rego front end)', () => {
    let modules = 0;
    let parsed = 0;
    const v0: string[] = [];
    const broken: string[] = [];
    for (const c of cases) {
      if (c.wantErrorCode === 'rego_parse_error') continue;
      for (const [i, source] of c.modules.entries()) {
        modules++;
        const r = parseRego(`${c.category}/${c.file}#${i}`, source);
        const d = r.diagnostics[0];
        if (!d) parsed++;
        else if (d.code === 'RG104' && /`if` keyword is required/.test(d.message)) v0.push(`${d.file}:${d.line}`);
        else broken.push(`${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`);
      }
    }
    console.log(`Rego front end: parsed ${parsed}/${modules} compliance modules (${((100 * parsed) / modules).toFixed(1)}%); ${v0.length} rejected as v0 syntax`);
    expect(broken).toEqual([]);
    expect(parsed + v0.length).toBe(modules);
  });

  for (const category of categories) {
    it(`category ${category}`, async () => {
      results.push(...(await runOpaCases(cases.filter((x) => x.category === category))));
    }, 60_000);
  }

  it('negative control: the same cases with perturbed expectations fail', async () => {
    // Proves the comparison is live: passing cases must fail once want_result is changed.
    const passed = results.filter((r) => r.outcome.verdict === 'pass' && byId.get(r.id)!.wantResult !== undefined).map((r) => byId.get(r.id)!);
    const picked = passed.filter((_, i) => i % Math.max(1, Math.floor(passed.length / 25)) === 0);
    for (const c of picked) {
      const wantResult = c.wantResult!.length === 0 ? [{ x: 'perturbed' }] : c.wantResult!.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, { perturbed: v }])));
      const outcome = await runCase({ ...c, wantResult, sortBindings: false }, compile);
      expect(outcome.verdict, `${c.file} ${c.note}`).toBe('wrong');
    }
    expect(picked.length).toBeGreaterThan(filter ? 0 : 20);
    // …and cases that pass by raising an error must fail when a result is expected instead.
    const erroring = results.map((r) => [r, byId.get(r.id)!] as const).filter(([r, c]) => r.outcome.verdict === 'pass' && c.wantErrorCode !== undefined && !c.strictError).slice(0, 8);
    for (const [, c] of erroring) {
      const { wantError: _e, wantErrorCode: _c, ...rest } = c;
      const outcome = await runCase({ ...rest, wantResult: [] }, compile);
      expect(outcome.verdict, `${c.file} ${c.note}`).toBe('error-mismatch');
    }
    expect(erroring.length).toBeGreaterThanOrEqual(filter ? 0 : 5);
  }, 60_000);

  it.runIf(regorusAvailable())('regorus cases', async () => {
    regorusResults.push(...(await runRegorusCases(loadRegorusCases().filter((c) => !filter || `${c.id} ${c.note}`.includes(filter)))));
  }, 120_000);

  afterAll(() => {
    const file = join(tmpdir(), 'rolec-rego-compliance.json');
    const report: Record<string, unknown> = {};
    for (const [name, rs] of [['OPA compliance', results], ['regorus', regorusResults]] as const) {
      const s = summarise(rs);
      console.log(`${name} (rolec Rego→Wasm compiler):\n${formatTable(s)}`);
      if (s.failures.length > 0) {
        const shown = s.failures.slice(0, MAX_PRINTED_FAILURES);
        console.log(`${name} failures (${s.failures.length}${shown.length < s.failures.length ? `, first ${shown.length}; all in ${file}` : ''}):\n${shown.map((f) => `  [${f.verdict}] ${f.id}: ${f.detail.slice(0, 400)}`).join('\n')}`);
      }
      report[name] = { totals: s.totals, rows: s.rows, reasons: s.reasons, failures: s.failures };
    }
    console.log(`REGO_COMPLIANCE_RESULTS ${JSON.stringify({ opa: summarise(results).totals, regorus: summarise(regorusResults).totals })}`);
    writeFileSync(file, JSON.stringify(report, null, 1) + '\n');
  });

  it.runIf(!filter)('meets the issue targets on OPA\'s suite (pass ≥ 90% of ALL cases, 0 wrong answers, 0 internal errors)', () => {
    // Runs after the category tests (vitest runs a file's tests in order).
    const { totals, failures } = summarise(results);
    expect(totals.cases).toBe(cases.length);
    expect(failures.filter((f) => f.verdict === 'wrong' || f.verdict === 'internal')).toEqual([]);
    expect(totals.pass / totals.cases).toBeGreaterThanOrEqual(0.9);
  });

  it.runIf(!filter && regorusAvailable())('regorus: 0 internal errors', () => {
    expect(summarise(regorusResults).failures.filter((f) => f.verdict === 'internal')).toEqual([]);
  });

  it.runIf(!filter && regorusAvailable())('docs/rego-subset.md holds this run\'s tables (regenerate: npx tsx test/regowasm/compliance/gen-doc.ts)', () => {
    const doc = readFileSync(SUBSET_DOC, 'utf8');
    const committed = doc.slice(doc.indexOf(FIDELITY_BEGIN) + FIDELITY_BEGIN.length, doc.indexOf(FIDELITY_END)).trim();
    expect(committed).toBe(fidelitySection(summarise(results), summarise(regorusResults)).trim());
  });
});
