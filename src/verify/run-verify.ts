/**
 * `rolec verify`: every assert of a policy set proved for all valid requests, or refuted
 * by a counterexample replayed on both real engines. Exit codes: 0 proved, 1 an assert
 * does not hold, 2 usage / the set does not compile, 3 unknown (timeout), 4 verifier bug.
 */
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { PolicySetUnderTest } from '../harness/run.ts';
import type { Request } from '../request/types.ts';
import { proveAsserts, type AssertResult } from './queries.ts';
import { answerText, replay, type Replay } from './replay.ts';
import type { VerifyCode } from '../report/verify-codes.ts';
import { z3Context } from './prove.ts';

export interface VerifyFinding {
  assert: string;
  id: string;
  status: 'proved' | 'counterexample' | 'unknown' | 'verifier-bug';
  code?: VerifyCode;
  message: string;
  counterexample?: Request;
  expected?: 'allow' | 'deny';
  replay?: { cedar: string; rego: string; invalid: string[] };
  /** The IR rules that decided the counterexample. */
  reasons?: string[];
  deniedBy?: string[];
  bounded: boolean;
  ms: number;
}

export interface VerifyReport {
  policies: string[];
  z3InitMs: number;
  findings: VerifyFinding[];
  /** Things not proved by this run, stated (never silently assumed). */
  notices: { code: VerifyCode; message: string }[];
  exitCode: 0 | 1 | 3 | 4;
}

export async function verifyPolicySet(set: PolicySetUnderTest, opts: { timeoutMs?: number }): Promise<VerifyReport> {
  const { initMs } = await z3Context();
  const results = await proveAsserts(set.ir, opts);
  const findings = results.map((r) => finding(set, r));
  const notices: VerifyReport['notices'] = [
    {
      code: 'V0101',
      message: 'IR ≡ Cedar ≡ Rego is not proved symbolically by this version: the encodings of the emitted Cedar and Rego are not implemented yet; asserts are proved on the IR (the DSL meaning), and every counterexample is replayed on both engines',
    },
  ];
  if (findings.some((f) => f.bounded)) notices.push({ code: 'V0005', message: 'a proof used the finite set bound (see docs/verify.md)' });
  const has = (s: VerifyFinding['status']) => findings.some((f) => f.status === s);
  const exitCode = has('verifier-bug') ? 4 : has('counterexample') ? 1 : has('unknown') ? 3 : 0;
  return { policies: set.paths, z3InitMs: initMs, findings, notices, exitCode };
}

function finding(set: PolicySetUnderTest, r: AssertResult): VerifyFinding {
  const base = { assert: r.assert.name, id: r.assert.id, bounded: r.outcome.bounded, ms: Math.round(r.outcome.ms) };
  if (r.outcome.status === 'unsat') return { ...base, status: 'proved', message: `holds for every valid request` };
  if (r.outcome.status === 'unknown') return { ...base, status: 'unknown', code: 'V0002', message: `Z3 answered unknown (${r.outcome.reason})` };
  const request = r.counterexample!;
  const expected = r.expected!;
  const claimed = expected === 'allow' ? 'deny' : 'allow';
  const rep: Replay = replay(set, request, claimed);
  const replayInfo = { cedar: answerText(rep.cedar), rego: answerText(rep.rego), invalid: rep.invalid };
  const rules = { reasons: r.reasons ?? [], deniedBy: r.deniedBy ?? [] };
  if (!rep.reproduces)
    return {
      ...base,
      ...rules,
      status: 'verifier-bug',
      code: 'V0003',
      message: `the solver's counterexample (${claimed}) does not replay: Cedar ${replayInfo.cedar}, Rego ${replayInfo.rego}${rep.invalid.length ? `; invalid request: ${rep.invalid.join('; ')}` : ''}`,
      counterexample: request,
      expected,
      replay: replayInfo,
    };
  return {
    ...base,
    ...rules,
    status: 'counterexample',
    code: 'V0001',
    message: `does not hold: this request is ${claimed === 'allow' ? 'allowed' : 'denied'} (Cedar ${replayInfo.cedar}, Rego ${replayInfo.rego})`,
    counterexample: request,
    expected,
    replay: replayInfo,
  };
}

export function verifyText(rep: VerifyReport): string {
  const lines: string[] = [];
  for (const f of rep.findings) {
    const mark = f.status === 'proved' ? 'proved' : f.status === 'counterexample' ? 'FAILS ' : f.status === 'unknown' ? 'unknown' : 'BUG   ';
    lines.push(`${mark}  ${f.assert}  (${f.id}, ${f.ms} ms)${f.code ? ` [${f.code}]` : ''}`);
    if (f.status !== 'proved') lines.push(`        ${f.message}`);
    if (f.counterexample) {
      lines.push(`        counterexample: ${JSON.stringify(f.counterexample)}`);
      if (f.reasons?.length) lines.push(`        granted by: ${f.reasons.join(', ')}`);
      if (f.deniedBy?.length) lines.push(`        denied by: ${f.deniedBy.join(', ')}`);
    }
  }
  if (rep.findings.length === 0) lines.push('no asserts in this policy set');
  for (const n of rep.notices) lines.push(`note [${n.code}]: ${n.message}`);
  const count = (s: VerifyFinding['status']) => rep.findings.filter((f) => f.status === s).length;
  lines.push(`${rep.policies.join(', ')}: ${count('proved')} proved, ${count('counterexample')} failing, ${count('unknown')} unknown, ${count('verifier-bug')} verifier bugs (z3 init ${Math.round(rep.z3InitMs)} ms)`);
  return lines.join('\n');
}

/** Findings as diagnostics at the assert's declaration (for SARIF). */
export function verifyDiagnostics(rep: VerifyReport, root: string): Diagnostic[] {
  return rep.findings
    .filter((f) => f.code)
    .map((f) => {
      const [file, line] = f.id.split(':');
      const pos = { line: Number(line), col: 1, offset: 0 };
      const extra = f.counterexample ? `; counterexample: ${JSON.stringify(f.counterexample)}` : '';
      return { code: f.code!, severity: 'error' as const, message: `assert ${JSON.stringify(f.assert)}: ${f.message}${extra}`, span: { file: join(root, file!), start: pos, end: { ...pos, col: 2 } } };
    });
}

/** Counterexamples as a fixture file: `expect` is what the assert demands, so the case fails
 *  under `rolec test` until the policy (or the assert) is fixed. */
export function counterexampleFixture(rep: VerifyReport, policiesRel: string[]): string {
  const cases = rep.findings
    .filter((f) => f.counterexample)
    .map((f) => ({ name: `assert ${f.assert}: counterexample from rolec verify`, request: f.counterexample, expect: f.expected }));
  return `# Written by \`rolec verify\`: requests that refute an assert; expect = what the assert demands.\n${stringify({ policies: policiesRel, cases }, { lineWidth: 0 })}`;
}
