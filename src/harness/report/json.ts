/** Machine-readable report of `rolec test` (`--reporter json`): stable key order. */
import { relative } from 'node:path';
import type { FileResult, RunSummary } from '../run.ts';
import type { CoverageReport } from '../coverage.ts';

export function renderJson(files: FileResult[], summary: RunSummary, coverage?: { policies: string[]; report: CoverageReport }[], cwd = process.cwd()): string {
  const doc = {
    summary,
    files: files.map((f) => ({
      file: relative(cwd, f.file) || f.file,
      policies: f.policies.map((p) => relative(cwd, p) || p),
      cases: f.cases.map((c) => ({
        name: c.name,
        path: c.path,
        verdict: c.verdict,
        expect: c.expect,
        cedar: c.cedar,
        rego: c.rego,
        problems: c.problems,
        ...(c.verdict !== 'pass' ? { request: c.request } : {}),
      })),
    })),
    ...(coverage ? { coverage: coverage.map((c) => ({ policies: c.policies.map((p) => relative(cwd, p) || p), ...c.report })) } : {}),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
