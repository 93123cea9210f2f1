/**
 * Per-category tallies of compliance verdicts, the printed table, and the generated fidelity
 * section of docs/rego-subset.md (between `<!-- BEGIN GENERATED: rego-fidelity -->` and
 * `<!-- END GENERATED: rego-fidelity -->`; compliance.test.ts fails when it is stale, and
 * `npx tsx test/regowasm/compliance/gen-doc.ts` rewrites it).
 */
import { VERDICTS } from './runner.ts';
import type { Outcome, Verdict } from './runner.ts';

export type CategoryRow = { category: string; cases: number } & Record<Verdict, number>;

export interface ComplianceSummary {
  rows: CategoryRow[];
  totals: CategoryRow;
  reasons: Record<string, number>;
  failures: { category: string; id: string; verdict: Verdict; detail: string }[];
}

function emptyRow(category: string): CategoryRow {
  return { category, cases: 0, pass: 0, rejected: 0, wrong: 0, 'error-mismatch': 0, internal: 0, 'n/a': 0 };
}

export function summarise(results: { category: string; id: string; outcome: Outcome }[]): ComplianceSummary {
  const rows = new Map<string, CategoryRow>();
  const reasons: Record<string, number> = {};
  const failures: ComplianceSummary['failures'] = [];
  const totals = emptyRow('TOTAL');
  for (const { category, id, outcome } of results) {
    let row = rows.get(category);
    if (!row) rows.set(category, (row = emptyRow(category)));
    for (const r of [row, totals]) {
      r.cases++;
      r[outcome.verdict]++;
    }
    if (outcome.reason) reasons[`${outcome.verdict}: ${outcome.reason}`] = (reasons[`${outcome.verdict}: ${outcome.reason}`] ?? 0) + 1;
    if (outcome.verdict !== 'pass' && outcome.verdict !== 'rejected' && outcome.verdict !== 'n/a') failures.push({ category, id, verdict: outcome.verdict, detail: outcome.detail ?? '' });
  }
  return { rows: [...rows.values()].sort((a, b) => a.category.localeCompare(b.category)), totals, reasons, failures };
}

export function formatTable(s: ComplianceSummary): string {
  const cols = ['cases', ...VERDICTS] as const;
  const line = (r: CategoryRow) => [r.category.padEnd(24), ...cols.map((c) => String(r[c]).padStart(15))].join('');
  const out = [['category'.padEnd(24), ...cols.map((h) => h.padStart(15))].join(''), ...s.rows.map(line), line(s.totals), '', 'reasons:'];
  for (const [reason, n] of sortedReasons(s)) out.push(`  ${String(n).padStart(4)}  ${reason}`);
  return out.join('\n');
}

function sortedReasons(s: ComplianceSummary): [string, number][] {
  return Object.entries(s.reasons).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function pct(n: number, d: number): string {
  return d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`;
}

function markdownTable(s: ComplianceSummary, firstColumn: string): string {
  const head = `| ${firstColumn} | cases | pass | coded rejection | wrong answer | error mismatch | internal error | n/a |`;
  const row = (r: CategoryRow, bold = false) => {
    const cells = [r.category, r.cases, r.pass, r.rejected, r.wrong, r['error-mismatch'], r.internal, r['n/a']].map(String);
    return `| ${(bold ? cells.map((c) => `**${c}**`) : cells).join(' | ')} |`;
  };
  return [head, '|---|---:|---:|---:|---:|---:|---:|---:|', ...s.rows.map((r) => row(r)), row(s.totals, true)].join('\n');
}

function reasonList(s: ComplianceSummary): string {
  const lines = sortedReasons(s).map(([reason, n]) => `- ${n} × ${reason}`);
  return lines.length ? lines.join('\n') : '- none';
}

/** The generated fidelity section: OPA's suite and regorus's cases, side by side. */
export function fidelitySection(opa: ComplianceSummary, regorus: ComplianceSummary): string {
  const t = opa.totals;
  const r = regorus.totals;
  return [
    '| suite | cases | pass | pass % of all | coded rejection | wrong answer | error mismatch | internal error | n/a |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| OPA compliance (\`../shared/opa-compliance/v1\`, all cases) | ${t.cases} | ${t.pass} | ${pct(t.pass, t.cases)} | ${t.rejected} | ${t.wrong} | ${t['error-mismatch']} | ${t.internal} | ${t['n/a']} |`,
    `| regorus (\`../shared/regorus\`) | ${r.cases} | ${r.pass} | ${pct(r.pass, r.cases)} | ${r.rejected} | ${r.wrong} | ${r['error-mismatch']} | ${r.internal} | ${r['n/a']} |`,
    '',
    '### OPA compliance suite, per category',
    '',
    markdownTable(opa, 'category'),
    '',
    'Reasons (coded rejections and n/a):',
    '',
    reasonList(opa),
    '',
    '### regorus cases, per folder',
    '',
    markdownTable(regorus, 'folder'),
    '',
    'Reasons (coded rejections and n/a):',
    '',
    reasonList(regorus),
  ].join('\n');
}

export const FIDELITY_BEGIN = '<!-- BEGIN GENERATED: rego-fidelity -->';
export const FIDELITY_END = '<!-- END GENERATED: rego-fidelity -->';

/** The doc with its generated section replaced (or appended when the markers are missing). */
export function withFidelitySection(doc: string, section: string): string {
  const block = `${FIDELITY_BEGIN}\n${section}\n${FIDELITY_END}`;
  const a = doc.indexOf(FIDELITY_BEGIN);
  const b = doc.indexOf(FIDELITY_END);
  if (a < 0 || b < 0) return `${doc.trimEnd()}\n\n## Fidelity (generated)\n\n${block}\n`;
  return doc.slice(0, a) + block + doc.slice(b + FIDELITY_END.length);
}
