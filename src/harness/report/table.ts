/**
 * The human report of `rolec test`: per fixture file a table (case, Cedar, Rego,
 * expected, verdict), then the details of every case that did not pass (the request,
 * both answers and the DSL rules each engine cites), then the summary line.
 */
import { relative } from 'node:path';
import type { EngineAnswer } from '../../engines/decision.ts';
import type { CaseResult, FileResult, RunSummary } from '../run.ts';
import type { Verdict } from '../compare.ts';
import { plain, type Style } from './style.ts';

export function renderTable(file: FileResult, style: Style = plain, cwd = process.cwd()): string {
  const header = ['case', 'cedar', 'rego', 'expected', 'verdict'];
  const rows = file.cases.map((c) => [c.name, answerCell(c.cedar), answerCell(c.rego), c.expect, verdictCell(c.verdict)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[], paint: (s: string, i: number) => string) =>
    '  ' + cells.map((s, i) => paint(i === cells.length - 1 ? s : s.padEnd(widths[i]!), i)).join('  ').trimEnd();
  const out = [
    `${style.bold(rel(file.file, cwd))}  ${style.dim(`(policies: ${file.policies.map((p) => rel(p, cwd)).join(', ')})`)}`,
    line(header, (s) => style.dim(s)),
    ...file.cases.map((c, k) => line(rows[k]!, (s, i) => (i === 4 ? paintVerdict(c.verdict, s, style) : s))),
  ];
  return out.join('\n') + '\n';
}

export function renderFailures(file: FileResult, style: Style = plain, cwd = process.cwd()): string {
  const failed = file.cases.filter((c) => c.verdict !== 'pass');
  return failed.map((c) => renderFailure(file.file, c, style, cwd)).join('');
}

export function renderFailure(file: string, c: CaseResult, style: Style = plain, cwd = process.cwd()): string {
  const where = c.line !== undefined ? `${rel(file, cwd)}:${c.line}` : `${rel(file, cwd)} ${c.path}`;
  const lines = [
    `${paintVerdict(c.verdict, verdictCell(c.verdict), style)} ${style.bold(c.name)}  ${style.dim(where)}`,
    `    request:  ${JSON.stringify(c.request)}`,
    `    expected: ${c.expect}${c.expectedReasons ? ` reasons [${c.expectedReasons.join(', ')}]` : ''}${c.expectedDeniedBy ? ` denied_by [${c.expectedDeniedBy.join(', ')}]` : ''}`,
    `    cedar:    ${answerDetail(c.cedar)}`,
    `    rego:     ${answerDetail(c.rego)}`,
    ...c.problems.map((p) => `    - ${p}`),
  ];
  return lines.join('\n') + '\n';
}

export function renderSummary(s: RunSummary, style: Style = plain): string {
  const head = `${s.passed} passed, ${s.failed} failed`;
  const tail = ` (${s.disagreements} disagreement${s.disagreements === 1 ? '' : 's'}, ${s.engineErrors} engine error${s.engineErrors === 1 ? '' : 's'})`;
  return (s.failed === 0 ? style.green(head) : style.red(head)) + tail + '\n';
}

/** The whole text report: tables, failure details, summary. */
export function renderTextReport(files: FileResult[], summary: RunSummary, style: Style = plain, cwd = process.cwd()): string {
  const tables = files.map((f) => renderTable(f, style, cwd)).join('\n');
  const failures = files.map((f) => renderFailures(f, style, cwd)).join('');
  return tables + (failures ? `\n${style.bold('Failures')}\n${failures}` : '') + '\n' + renderSummary(summary, style);
}

function answerCell(a: EngineAnswer): string {
  return a.ok ? a.decision.decision : 'ERROR';
}

function answerDetail(a: EngineAnswer): string {
  if (!a.ok) return `engine error: ${a.error.message}`;
  const d = a.decision;
  return `${d.decision}  reasons [${d.reasons.join(', ')}]  denied_by [${d.deniedBy.join(', ')}]`;
}

function verdictCell(v: Verdict): string {
  return { pass: 'PASS', fail: 'FAIL', disagree: 'DISAGREE', error: 'ERROR' }[v];
}

function paintVerdict(v: Verdict, s: string, style: Style): string {
  return v === 'pass' ? style.green(s) : v === 'fail' ? style.red(s) : style.yellow(s);
}

function rel(p: string, cwd: string): string {
  const r = relative(cwd, p);
  return r === '' ? '.' : r.startsWith('..') && p.startsWith('/') ? p : r;
}
