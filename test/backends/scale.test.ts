/**
 * Hostile role graphs (issue 12; generators in bench/generators.ts) build to both
 * bundles with output linear in the source, and both real engines decide them as the
 * language says — or check rejects them with a target-limit code (E07xx). Not timed: the
 * figures are in `npm run bench scale`.
 */
import { describe, expect, it } from 'vitest';
import { bundleFiles, compileCedar, validateCedar } from '../../src/backends/cedar/compile.ts';
import { nodeCedar } from '../../src/backends/cedar/wasm-node.ts';
import { generateRego } from '../../src/backends/rego/bundle.ts';
import { checkSources } from '../../src/semantics/index.ts';
import type { PolicySetIR } from '../../src/semantics/ir.ts';
import type { Request } from '../../src/request/types.ts';
import { requestSchema } from '../../src/request/schema.ts';
import { requestValidator } from '../../src/request/validate.ts';
import { CedarEngine } from '../../src/engines/cedar.ts';
import { MAX_CONDITION_DEPTH, MAX_PATTERNS } from '../../src/semantics/limits.ts';
import { guardedLattice, hugeCondition, includeChain, type Sources } from '../../bench/generators.ts';
import { generate } from '../../bench/frontend.bench.ts';
import fc from 'fast-check';
import { collectConstants } from '../../src/harness/fuzz/constants.ts';
import { requestArbitrary } from '../../src/harness/fuzz/generate.ts';
import { compiler, engineFor } from './rego/engine-for.ts';

function irOf(sources: Sources): PolicySetIR {
  const { ir, diagnostics } = checkSources(sources);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return ir!;
}

function sourceBytes(sources: Sources): number {
  return sources.reduce((n, s) => n + s.text.length, 0);
}

/** Both engines on `ir`; each request's answer must be the expected one on both. */
async function decide(ir: PolicySetIR, cases: { request: Request; allow: boolean; reasons?: string[] }[]): Promise<void> {
  const bundle = compileCedar(ir);
  expect(validateCedar(bundle, nodeCedar)).toEqual([]);
  const cedar = CedarEngine.fromBundle(bundle, nodeCedar);
  const rego = await engineFor(ir);
  const validate = requestValidator(requestSchema(ir));
  for (const c of cases) {
    expect(validate(c.request)).toEqual([]);
    const answer = cedar.evaluate(c.request);
    expect(answer.ok, JSON.stringify(answer)).toBe(true);
    if (!answer.ok) continue;
    expect(answer.decision.decision, JSON.stringify(c.request)).toBe(c.allow ? 'allow' : 'deny');
    if (c.reasons) expect(answer.decision.reasons).toEqual(c.reasons);
    expect(rego.evaluate(c.request)).toEqual(answer);
  }
}

function request(id: string, index: string, level: number, mfa: boolean): Request {
  return {
    principal: { type: 'user', id, attributes: { level } },
    action: 'read',
    resource: { type: 'index', index },
    context: { mfa },
  } as Request;
}

describe.skipIf(!compiler)('hostile role graphs', () => {
  it('an includes chain of 1,000 roles builds linearly and activates through open links only', async () => {
    const sources = includeChain(1000);
    const ir = irOf(sources);
    const files = bundleFiles(compileCedar(ir));
    const { data, modules } = generateRego(ir);
    // Linear output: a few bytes of bundle per byte of source, not a role per path.
    expect(files['policies.cedar']!.length + files['entities.json']!.length).toBeLessThan(20 * sourceBytes(sources));
    expect(JSON.stringify(data).length + modules.reduce((n, m) => n + m.source.length, 0)).toBeLessThan(20 * sourceBytes(sources));
    const grant = ir.roles.find((r) => r.name === 'c999')!.permissions[0]!.id;
    await decide(ir, [
      { request: request('head', 'chain-1', 0, true), allow: true, reasons: [grant] },
      // c5, c15, … are guarded by context.mfa: without it the chain is cut at c5
      { request: request('head', 'chain-1', 0, false), allow: false },
      { request: request('tail', 'chain-1', 0, false), allow: true, reasons: [grant] },
      { request: request('head', 'other', 0, true), allow: false },
    ]);
  }, 120_000);

  it('the guarded lattice (n = 14: 2^14 guard combinations) builds linearly and decides exactly', async () => {
    const sources = guardedLattice(14);
    const ir = irOf(sources);
    const files = bundleFiles(compileCedar(ir));
    expect(files['policies.cedar']!.length).toBeLessThan(40 * sourceBytes(sources));
    const grant = ir.roles.find((r) => r.name === 'r14')!.permissions[0]!.id;
    await decide(ir, [
      { request: request('top', 'lattice-a', 0, true), allow: true, reasons: [grant] },
      { request: request('top', 'lattice-a', 13, false), allow: true, reasons: [grant] },
      // every layer i needs mfa or level ≥ i: level 12 fails at layer 13
      { request: request('top', 'lattice-a', 12, false), allow: false },
      { request: request('top', 'lattice-a', 0, false), allow: false },
    ]);
  }, 120_000);

  it('a condition at the limit builds and decides on both engines; over it, check reports E0701', async () => {
    const atLimit = MAX_CONDITION_DEPTH - 4; // k atoms of a flat chain: 3 + (k − 1) + 2 ≤ limit
    const ir = irOf(hugeCondition(atLimit, '||'));
    const monitor = (level: number): Request =>
      ({ principal: { type: 'user', id: 'u', attributes: { level } }, action: 'monitor', resource: { type: 'cluster' }, context: { mfa: false } }) as Request;
    await decide(ir, [
      { request: monitor(atLimit - 1), allow: true },
      { request: monitor(atLimit + 5), allow: false },
    ]);
    for (const op of ['||', '&&'] as const) {
      const { ir: none, diagnostics } = checkSources(hugeCondition(1800, op));
      expect(none).toBeUndefined();
      expect(diagnostics.map((d) => d.code)).toEqual(['E0701']);
      expect(diagnostics[0]!.message).toContain(`the limit is ${MAX_CONDITION_DEPTH}`);
      expect(diagnostics[0]!.span.start.line).toBe(6);
    }
  }, 120_000);

  it('a generated 1,000-role set: both engines give the same answer on fuzzed requests', async () => {
    const ir = irOf(generate(1000));
    const bundle = compileCedar(ir);
    expect(validateCedar(bundle, nodeCedar)).toEqual([]);
    const cedar = CedarEngine.fromBundle(bundle, nodeCedar);
    const rego = await engineFor(ir);
    const valid = requestValidator(requestSchema(ir));
    const requests = fc.sample(requestArbitrary(ir, collectConstants(ir)), { seed: 1000, numRuns: 300 }).filter((r) => valid(r).length === 0);
    expect(requests.length).toBeGreaterThan(250);
    let allowed = 0;
    for (const r of requests) {
      const answer = cedar.evaluate(r);
      expect(answer.ok, JSON.stringify(answer)).toBe(true);
      expect(rego.evaluate(r), JSON.stringify(r)).toEqual(answer);
      if (answer.ok && answer.decision.decision === 'allow') allowed++;
    }
    // Agreement on denials alone would prove little.
    expect(allowed).toBeGreaterThan(10);
  }, 240_000);

  it('more patterns in one list than a target takes is E0702', () => {
    const patterns = Array.from({ length: MAX_PATTERNS + 1 }, (_, i) => `"p${i}-*"`).join(', ');
    const { ir, diagnostics } = checkSources([{ path: 'p.role', text: `role many {\n  index ${patterns} { privileges read }\n}\n` }]);
    expect(ir).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual(['E0702']);
    expect(diagnostics[0]!.message).toContain(`the limit is ${MAX_PATTERNS}`);
    // From the first pattern to the end of the last (AST spans are offset spans: no spreading them).
    const { file, start, end } = diagnostics[0]!.span;
    expect([file, start.line, start.col, end.line, end.col]).toEqual(['p.role', 2, 9, 2, 9 + patterns.length]);
  });
});
