/**
 * `rolec verify`: the emitted targets decide every valid request as the DSL does (IR ≡
 * Cedar, IR ≡ each target with a registered encoding), and every assert of the policy set
 * holds — or a counterexample replayed on both real engines. Exit codes: 0 proved, 1 a
 * target differs or an assert does not hold, 2 usage / the set does not compile,
 * 3 unknown (timeout, or a construct not encoded), 4 verifier bug.
 */
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { PolicySetUnderTest } from '../harness/run.ts';
import type { VerifiedSet } from './artefacts.ts';
import { proveEquivalence, type EquivalenceResult } from './equivalence.ts';
import { ENGINE_TARGETS, TARGET_ENCODERS } from './verify-targets.ts';
import type { TargetEncoder } from './target.ts';
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
  /** `built in memory` or the bundle directory read (`--bundle`). */
  bundle: string;
  z3InitMs: number;
  /** IR ≡ target, one per registered target encoding. */
  equivalence: EquivalenceResult[];
  findings: VerifyFinding[];
  /** Things not proved by this run, stated (never silently assumed). */
  notices: { code: VerifyCode; message: string }[];
  exitCode: 0 | 1 | 3 | 4;
}

export async function verifyPolicySet(vs: VerifiedSet, opts: { timeoutMs?: number; encoders?: readonly TargetEncoder[] }): Promise<VerifyReport> {
  const { set } = vs;
  const { initMs } = await z3Context();
  const encoders = opts.encoders ?? TARGET_ENCODERS;
  const equivalence = await proveEquivalence(vs, { encoders, ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) });
  const results = await proveAsserts(set.ir, opts);
  const findings = results.map((r) => finding(set, r));
  const notices: VerifyReport['notices'] = [];
  for (const t of ENGINE_TARGETS) {
    if (!encoders.some((e) => e.name === t)) notices.push({ code: 'V0101', message: `IR ≡ ${t} is not proved: no symbolic encoding of the emitted ${t} is registered yet (sampled by rolec fuzz only)` });
  }
  for (const e of equivalence) {
    for (const u of e.unencoded) notices.push({ code: 'V0102', message: `${e.target}: ${u.file} ${u.where}: ${u.construct} is not encoded` });
  }
  if (findings.some((f) => f.bounded) || equivalence.some((e) => e.bounded)) notices.push({ code: 'V0005', message: 'a proof used the finite set bound (see docs/verify.md)' });
  const has = (s: VerifyFinding['status']) => findings.some((f) => f.status === s);
  const eqHas = (s: EquivalenceResult['status']) => equivalence.some((e) => e.status === s);
  const exitCode = has('verifier-bug') || eqHas('verifier-bug') ? 4 : has('counterexample') || eqHas('counterexample') ? 1 : has('unknown') || eqHas('unknown') || eqHas('unencoded') ? 3 : 0;
  return { policies: set.paths, bundle: vs.bundle, z3InitMs: initMs, equivalence, findings, notices, exitCode };
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
  for (const e of rep.equivalence) {
    const mark = { proved: 'proved', counterexample: 'DIFFERS', unknown: 'unknown', unencoded: 'unknown', 'verifier-bug': 'BUG   ' }[e.status];
    lines.push(`${mark}  IR ≡ ${e.target}  (${rep.bundle}; encode ${e.encodeMs} ms, solve ${e.solveMs} ms)${e.status === 'counterexample' ? ' [V0006]' : e.status === 'verifier-bug' ? ' [V0003]' : e.status === 'unencoded' ? ' [V0102]' : ''}`);
    if (e.status === 'unknown') lines.push(`        Z3 answered unknown (${e.reason ?? 'timeout'})`);
    if (e.counterexample) {
      lines.push(`        the DSL says ${e.dsl}, the ${e.target} encoding claims ${e.claimed}; replayed: Cedar ${e.replay!.cedar}, Rego ${e.replay!.rego}${e.replay!.invalid.length ? `; invalid request: ${e.replay!.invalid.join('; ')}` : ''}`);
      lines.push(`        counterexample: ${JSON.stringify(e.counterexample)}`);
      if (e.reasons?.length) lines.push(`        DSL granted by: ${e.reasons.join(', ')}`);
      if (e.deniedBy?.length) lines.push(`        DSL denied by: ${e.deniedBy.join(', ')}`);
      if (e.targetRules?.length) lines.push(`        ${e.target} policies that apply: ${e.targetRules.join(', ')}`);
    }
  }
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
  lines.push(`${rep.policies.join(', ')}: ${count('proved')} proved, ${count('counterexample')} failing, ${count('unknown')} unknown, ${count('verifier-bug')} verifier bugs; targets: ${rep.equivalence.map((e) => `${e.target} ${e.status}`).join(', ') || 'none encoded'} (z3 init ${Math.round(rep.z3InitMs)} ms)`);
  return lines.join('\n');
}

/** Findings as diagnostics at the assert's declaration (for SARIF). */
export function verifyDiagnostics(rep: VerifyReport, root: string): Diagnostic[] {
  const at = { line: 1, col: 1, offset: 0 };
  const code = (e: EquivalenceResult): VerifyCode | undefined =>
    ({ proved: undefined, counterexample: 'V0006', unknown: 'V0002', unencoded: 'V0102', 'verifier-bug': 'V0003' }) [e.status] as VerifyCode | undefined;
  const targets = rep.equivalence
    .filter((e) => code(e))
    .map((e) => ({
      code: code(e)!,
      severity: 'error' as const,
      message: `IR ≡ ${e.target} (${rep.bundle}): ${e.status}${e.counterexample ? `; the DSL says ${e.dsl}, ${e.target} ${e.claimed}; counterexample: ${JSON.stringify(e.counterexample)}` : ''}${e.unencoded.length ? `; not encoded: ${e.unencoded.map((u) => `${u.where}: ${u.construct}`).join('; ')}` : ''}`,
      span: { file: root, start: at, end: { ...at, col: 2 } },
    }));
  return [...targets, ...rep.findings
    .filter((f) => f.code)
    .map((f) => {
      const [file, line] = f.id.split(':');
      const pos = { line: Number(line), col: 1, offset: 0 };
      const extra = f.counterexample ? `; counterexample: ${JSON.stringify(f.counterexample)}` : '';
      return { code: f.code!, severity: 'error' as const, message: `assert ${JSON.stringify(f.assert)}: ${f.message}${extra}`, span: { file: join(root, file!), start: pos, end: { ...pos, col: 2 } } };
    })];
}

/** Counterexamples as a fixture file: `expect` is what the assert demands, so the case fails
 *  under `rolec test` until the policy (or the assert) is fixed. */
export function counterexampleFixture(rep: VerifyReport, policiesRel: string[]): string {
  const cases = [
    ...rep.equivalence
      .filter((e) => e.counterexample && e.status !== 'unencoded')
      .map((e) => ({ name: `IR ≡ ${e.target}: the DSL says ${e.dsl}, ${e.target} answers ${e.claimed} (rolec verify)`, request: e.counterexample, expect: e.dsl })),
    ...rep.findings
      .filter((f) => f.counterexample)
      .map((f) => ({ name: `assert ${f.assert}: counterexample from rolec verify`, request: f.counterexample, expect: f.expected })),
  ];
  return `# Written by \`rolec verify\`: requests where a target differs from the DSL (expect = the DSL's decision) or that refute an assert (expect = what it demands).\n${stringify({ policies: policiesRel, cases }, { lineWidth: 0 })}`;
}
