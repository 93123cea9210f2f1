/**
 * Runs fixture cases on both engines and judges them. The engines are whatever the
 * caller loaded (the real CedarEngine and RegoEngine in `rolec test`); requests reach
 * them only after validation against the policy set's request schema.
 */
import type { PolicySetIR } from '../semantics/ir.ts';
import type { Engine, EngineAnswer } from '../engines/decision.ts';
import type { Request } from '../request/types.ts';
import type { FixtureCase, FixtureFile, RequestChecker } from './fixtures.ts';
import { judge, type Verdict } from './compare.ts';

/** A compiled policy set with both engines loaded, as the harness sees it. */
export interface PolicySetUnderTest {
  /** The policy paths it was built from (for messages). */
  paths: string[];
  ir: PolicySetIR;
  cedar: Engine;
  rego: Engine;
  checkRequest: RequestChecker;
}

export interface CaseResult {
  name: string;
  /** JSON path and line of the case in its fixture file. */
  path: string;
  line?: number;
  request: Request;
  expect: 'allow' | 'deny';
  expectedReasons?: string[];
  expectedDeniedBy?: string[];
  cedar: EngineAnswer;
  rego: EngineAnswer;
  verdict: Verdict;
  problems: string[];
}

export interface FileResult {
  file: string;
  policies: string[];
  cases: CaseResult[];
}

export interface RunSummary {
  cases: number;
  passed: number;
  /** Every case that did not pass (expectation failures, disagreements, engine errors). */
  failed: number;
  disagreements: number;
  engineErrors: number;
}

export function runCase(c: FixtureCase, set: Pick<PolicySetUnderTest, 'cedar' | 'rego'>): CaseResult {
  const cedar = safeEvaluate(set.cedar, c.request);
  const rego = safeEvaluate(set.rego, c.request);
  const { verdict, problems } = judge(c, cedar, rego);
  return {
    name: c.name,
    path: c.path,
    ...(c.line !== undefined ? { line: c.line } : {}),
    request: c.request,
    expect: c.expect,
    ...(c.reasons !== undefined ? { expectedReasons: c.reasons } : {}),
    ...(c.deniedBy !== undefined ? { expectedDeniedBy: c.deniedBy } : {}),
    cedar,
    rego,
    verdict,
    problems,
  };
}

export function runFixture(fixture: FixtureFile, set: PolicySetUnderTest): FileResult {
  return { file: fixture.file, policies: fixture.policies, cases: fixture.cases.map((c) => runCase(c, set)) };
}

/** An engine that throws is reported as an engine error, never as a deny. */
export function safeEvaluate(engine: Engine, request: Request): EngineAnswer {
  try {
    return engine.evaluate(request);
  } catch (err) {
    return threw(engine, err);
  }
}

function threw(engine: Engine, err: unknown): EngineAnswer {
  return { ok: false, error: { engine: engine.name, message: `threw: ${err instanceof Error ? err.message : String(err)}` } };
}

/**
 * `safeEvaluate` on each request, through the engine's batch entry when it has one. An
 * engine whose batch entry throws (a bug: it must not) gets that error on every request.
 */
export function safeEvaluateAll(engine: Engine, requests: readonly Request[]): EngineAnswer[] {
  if (!engine.evaluateAll) return requests.map((r) => safeEvaluate(engine, r));
  try {
    return engine.evaluateAll(requests);
  } catch (err) {
    const answer = threw(engine, err);
    return requests.map(() => answer);
  }
}

export function summarize(files: FileResult[]): RunSummary {
  const all = files.flatMap((f) => f.cases);
  return {
    cases: all.length,
    passed: all.filter((c) => c.verdict === 'pass').length,
    failed: all.filter((c) => c.verdict !== 'pass').length,
    disagreements: all.filter((c) => c.problems.some((p) => p.startsWith('engines disagree'))).length,
    engineErrors: all.filter((c) => c.verdict === 'error').length,
  };
}
