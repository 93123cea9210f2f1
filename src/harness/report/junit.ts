/**
 * JUnit XML for CI: one <testsuite> per fixture file, one <testcase> per case. Expectation
 * failures and disagreements are <failure>s, engine errors are <error>s. No timings, so
 * the same run gives byte-identical XML.
 */
import { relative } from 'node:path';
import type { CaseResult, FileResult, RunSummary } from '../run.ts';
import { renderFailure } from './table.ts';
import { appendAll } from '../../support/arrays.ts';

export function renderJUnit(files: FileResult[], summary: RunSummary, cwd = process.cwd()): string {
  const errors = summary.engineErrors;
  const failures = summary.failed - errors;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="rolec test" tests="${summary.cases}" failures="${failures}" errors="${errors}">`,
  ];
  for (const f of files) {
    const name = relative(cwd, f.file) || f.file;
    const errs = f.cases.filter((c) => c.verdict === 'error').length;
    const fails = f.cases.filter((c) => c.verdict === 'fail' || c.verdict === 'disagree').length;
    out.push(`  <testsuite name="${xml(name)}" tests="${f.cases.length}" failures="${fails}" errors="${errs}">`);
    for (const c of f.cases) appendAll(out, testcase(name, f.file, c, cwd));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

function testcase(suite: string, file: string, c: CaseResult, cwd: string): string[] {
  const open = `    <testcase classname="${xml(suite)}" name="${xml(c.name)}"`;
  if (c.verdict === 'pass') return [`${open}/>`];
  const tag = c.verdict === 'error' ? 'error' : 'failure';
  const type = c.verdict === 'error' ? 'engine-error' : c.verdict === 'disagree' ? 'disagreement' : 'expectation';
  return [
    `${open}>`,
    `      <${tag} type="${type}" message="${xml(c.problems.join('; '))}">${xml(renderFailure(file, c, undefined, cwd))}</${tag}>`,
    '    </testcase>',
  ];
}

/** Escapes text for XML attributes and content; drops characters XML 1.0 cannot hold. */
export function xml(s: string): string {
  return s
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
