/** Per-category tallies and the printed table for the compliance run. */
import type { ComplianceCase } from './cases.ts';
import type { Outcome } from './runner.ts';

export interface CategoryRow {
  category: string;
  cases: number;
  run: number;
  passed: number;
  failed: number;
  skipped: number;
}

export interface ComplianceSummary {
  rows: CategoryRow[];
  totals: CategoryRow;
  skipReasons: Record<string, number>;
  failures: { category: string; file: string; note: string; detail: string }[];
}

export function summarise(results: { c: ComplianceCase; outcome: Outcome }[]): ComplianceSummary {
  const rows = new Map<string, CategoryRow>();
  const skipReasons: Record<string, number> = {};
  const failures: ComplianceSummary['failures'] = [];
  const totals: CategoryRow = { category: 'TOTAL', cases: 0, run: 0, passed: 0, failed: 0, skipped: 0 };
  for (const { c, outcome } of results) {
    let row = rows.get(c.category);
    if (!row) rows.set(c.category, (row = { category: c.category, cases: 0, run: 0, passed: 0, failed: 0, skipped: 0 }));
    for (const r of [row, totals]) {
      r.cases++;
      if (outcome.status === 'skipped') r.skipped++;
      else {
        r.run++;
        if (outcome.status === 'passed') r.passed++;
        else r.failed++;
      }
    }
    if (outcome.status === 'skipped') skipReasons[outcome.reason] = (skipReasons[outcome.reason] ?? 0) + 1;
    if (outcome.status === 'failed') failures.push({ category: c.category, file: c.file, note: c.note, detail: outcome.detail });
  }
  return { rows: [...rows.values()], totals, skipReasons, failures };
}

export function formatTable(s: ComplianceSummary): string {
  const head = ['category', 'cases', 'run', 'passed', 'failed', 'skipped'];
  const line = (r: CategoryRow) => [r.category.padEnd(22), ...[r.cases, r.run, r.passed, r.failed, r.skipped].map((n) => String(n).padStart(8))].join('');
  const out = [[head[0]!.padEnd(22), ...head.slice(1).map((h) => h.padStart(8))].join(''), ...s.rows.map(line), line(s.totals), '', 'skip reasons:'];
  for (const [reason, n] of Object.entries(s.skipReasons).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) out.push(`  ${String(n).padStart(4)}  ${reason}`);
  return out.join('\n');
}
