/**
 * A fuzz failure as a fixture file (fixture.schema.json), so that it can be replayed
 * with `rolec test` and kept as a regression case once the bug is fixed.
 *
 * `expect` is Cedar's decision (Rego's if Cedar failed, `deny` if both failed): a
 * disagreement has no trustworthy expectation, so the case name says DISAGREEMENT and
 * whoever keeps the fixture must check `expect` against language.md first.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import type { FuzzFailure } from './run.ts';

export function failureFixture(failure: FuzzFailure, index: number, seed: number, policies: string[], outDir: string): string {
  const expect = failure.cedar.ok ? failure.cedar.decision.decision : failure.rego.ok ? failure.rego.decision.decision : 'deny';
  const header = [
    `# Written by \`rolec fuzz --seed ${seed}\`: the engines DISAGREED on this shrunk request.`,
    '# expect = Cedar\'s answer (Rego\'s if Cedar failed); check it against language.md before keeping this case.',
    ...failure.differences.map((d) => `#   ${d}`),
  ];
  const name = `fuzz seed ${seed} #${index + 1}: DISAGREEMENT (${failure.differences[0] ?? ''})`;
  const main = { name, request: failure.request, expect };
  // When the disagreement needs the request evaluated before it, replay both, in order.
  const cases =
    failure.replay === 'needs-previous' && failure.previous
      ? [{ name: `${name} — preceding request`, request: failure.previous, expect: failure.previousDecision ?? ('deny' as const) }, main]
      : [main];
  if (failure.replay === 'needs-previous') header.push('# The first case sets up the engines\' state (its expect is Cedar\'s answer during the run); the second disagrees after it.');
  if (failure.replay === 'history-dependent') header.push('# Did not reproduce on freshly loaded engines: an engine\'s answers depend on earlier requests.');
  const doc = { policies: policies.map((p) => relative(outDir, p) || '.'), cases };
  return header.join('\n') + '\n' + stringify(doc, { lineWidth: 0 });
}

/** Writes every failure to `<outDir>/fuzz-<set>-<seed>-<n>.yaml`; returns the paths written. */
export function writeFailures(failures: FuzzFailure[], seed: number, policies: string[], outDir: string, setLabel = ''): string[] {
  if (failures.length === 0) return [];
  mkdirSync(outDir, { recursive: true });
  const slug = setLabel.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[_.]+|_+$/g, '').slice(-60);
  return failures.map((f, i) => {
    const file = join(outDir, `fuzz-${slug ? `${slug}-` : ''}${seed}-${i + 1}.yaml`);
    writeFileSync(file, failureFixture(f, i, seed, policies, outDir));
    return file;
  });
}
