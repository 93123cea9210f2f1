/**
 * Judging one case: each engine against the fixture's expectation, and the engines
 * against each other (decision AND the DSL rules each cites). Pure: answers in, verdict
 * out. The answers come from the real engines; nothing here decides a request.
 */
import type { Decision, EngineAnswer } from '../engines/decision.ts';

/** error > disagree > fail > pass: the worst thing that happened to a case. */
export type Verdict = 'pass' | 'fail' | 'disagree' | 'error';

export interface Expectation {
  expect: 'allow' | 'deny';
  reasons?: string[];
  deniedBy?: string[];
}

export interface CaseJudgement {
  verdict: Verdict;
  /** One line per problem, e.g. "cedar: decided deny, expected allow". */
  problems: string[];
}

/** Differences between two engines' answers ([] = they agree on decision and rules). */
export function disagreements(cedar: EngineAnswer, rego: EngineAnswer): string[] {
  if (!cedar.ok || !rego.ok) return [];
  const c = cedar.decision;
  const r = rego.decision;
  const out: string[] = [];
  if (c.decision !== r.decision) out.push(`decision: cedar ${c.decision}, rego ${r.decision}`);
  // When the decisions differ, differing reasons say nothing more (only allows have them).
  const dr = c.decision === r.decision ? setDiff(c.reasons, r.reasons, 'cedar only', 'rego only') : '';
  if (dr) out.push(`reasons: ${dr}`);
  const dd = setDiff(c.deniedBy, r.deniedBy, 'cedar only', 'rego only');
  if (dd) out.push(`denied_by: ${dd}`);
  return out;
}

export function judge(exp: Expectation, cedar: EngineAnswer, rego: EngineAnswer): CaseJudgement {
  const problems: string[] = [];
  let verdict: Verdict = 'pass';
  const worsen = (v: Verdict) => {
    if (rank(v) > rank(verdict)) verdict = v;
  };
  for (const [name, a] of [['cedar', cedar], ['rego', rego]] as const) {
    if (!a.ok) {
      problems.push(`${name}: engine error: ${a.error.message}`);
      worsen('error');
      continue;
    }
    for (const p of againstExpectation(exp, a.decision)) {
      problems.push(`${name}: ${p}`);
      worsen('fail');
    }
  }
  for (const d of disagreements(cedar, rego)) {
    problems.push(`engines disagree on ${d}`);
    worsen('disagree');
  }
  return { verdict, problems };
}

function againstExpectation(exp: Expectation, d: Decision): string[] {
  const out: string[] = [];
  if (d.decision !== exp.expect) out.push(`decided ${d.decision}, expected ${exp.expect}`);
  if (exp.reasons !== undefined) {
    const diff = setDiff(exp.reasons, d.reasons, 'expected only', 'engine only');
    if (diff) out.push(`reasons differ from expected: ${diff}`);
  }
  if (exp.deniedBy !== undefined) {
    const diff = setDiff(exp.deniedBy, d.deniedBy, 'expected only', 'engine only');
    if (diff) out.push(`denied_by differs from expected: ${diff}`);
  }
  return out;
}

function rank(v: Verdict): number {
  return { pass: 0, fail: 1, disagree: 2, error: 3 }[v];
}

/** Set difference as text ('' when equal as sets): "<la> [x]; <lb> [y]". */
export function setDiff(a: readonly string[], b: readonly string[], la: string, lb: string): string {
  // The common case, equal lists in the same order, without building sets (the fuzzer
  // compares every request's answers).
  if (a.length === b.length && a.every((x, i) => x === b[i])) return '';
  const sa = new Set(a);
  const sb = new Set(b);
  const onlyA = [...sa].filter((x) => !sb.has(x)).sort();
  const onlyB = [...sb].filter((x) => !sa.has(x)).sort();
  const parts: string[] = [];
  if (onlyA.length) parts.push(`${la} [${onlyA.join(', ')}]`);
  if (onlyB.length) parts.push(`${lb} [${onlyB.join(', ')}]`);
  return parts.join('; ');
}
