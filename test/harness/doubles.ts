/**
 * Test doubles for the harness's OWN logic (reporting, judging, fuzz search and
 * shrinking). They are not engines and decide nothing about policies: each is a tiny
 * scripted function named for what it does. End-to-end tests use the real engines.
 */
import type { Decision, Engine, EngineAnswer } from '../../src/engines/decision.ts';
import type { Request } from '../../src/request/types.ts';
import type { RequestChecker, RequestIssue } from '../../src/harness/fixtures.ts';

export function scriptedEngine(name: 'cedar' | 'rego', answer: (r: Request) => EngineAnswer): Engine {
  return { name, evaluate: answer };
}

export const allow = (...reasons: string[]): EngineAnswer => ({ ok: true, decision: { decision: 'allow', reasons, deniedBy: [] } });
export const deny = (...deniedBy: string[]): EngineAnswer => ({ ok: true, decision: { decision: 'deny', reasons: [], deniedBy } });
export const failure = (engine: 'cedar' | 'rego', message: string): EngineAnswer => ({ ok: false, error: { engine, message } });
export const decision = (d: Decision): EngineAnswer => ({ ok: true, decision: d });

/** "Allows reads of logs-* indices" — as a scripted rule, to give the fuzzer something to compare. */
export const logsReadRule = (r: Request): EngineAnswer =>
  r.action === 'read' && (r.resource.index ?? '').startsWith('logs-') ? allow('a.role:3:logs_reader') : deny();

/** The same rule with a planted escaping bug: names containing `[` never match. */
export const logsReadRuleWithBracketBug = (r: Request): EngineAnswer =>
  (r.resource.index ?? '').includes('[') ? deny() : logsReadRule(r);

/** A request checker for sampleIR's schema: the shape and required attributes. */
export const sampleChecker: RequestChecker = (req: unknown) => {
  const issues: RequestIssue[] = [];
  const r = req as Partial<Request> | null;
  if (typeof r !== 'object' || r === null) return [{ pointer: '', message: 'must be object' }];
  if (typeof r.action !== 'string') issues.push({ pointer: '/action', message: 'must be string' });
  const p = r.principal;
  if (typeof p !== 'object' || p === null) issues.push({ pointer: '/principal', message: 'must be object' });
  else {
    if (p.type !== 'user' && p.type !== 'api_key') issues.push({ pointer: '/principal/type', message: 'must be equal to one of the allowed values' });
    if (typeof p.id !== 'string') issues.push({ pointer: '/principal/id', message: 'must be string' });
    if (typeof p.attributes?.['clearance'] !== 'number') issues.push({ pointer: '/principal/attributes/clearance', message: 'must be integer' });
  }
  if (typeof r.resource !== 'object' || r.resource === null) issues.push({ pointer: '/resource', message: 'must be object' });
  else if (r.resource.type === 'document' && typeof r.resource.attributes?.['classification'] !== 'number')
    issues.push({ pointer: '/resource/attributes', message: "must have required property 'classification'" });
  if (typeof r.context?.['mfa'] !== 'boolean') issues.push({ pointer: '/context', message: "must have required property 'mfa'" });
  return issues;
};
