/**
 * "No policy may ever error": on random valid requests (the harness's generator, which
 * aims at every rule's constants and at present/absent optional attributes) the Cedar
 * bundle of every example policy set answers without an evaluation error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPolicySet } from '../../../src/semantics/index.ts';
import { compileCedar } from '../../../src/backends/cedar/compile.ts';
import { CedarEngine } from '../../../src/engines/cedar.ts';
import { nodeCedar } from '../../../src/backends/cedar/wasm-node.ts';
import { requestSchema } from '../../../src/request/schema.ts';
import { requestValidator } from '../../../src/request/validate.ts';
import { requestArbitrary } from '../../../src/harness/fuzz/generate.ts';
import { collectConstants } from '../../../src/harness/fuzz/constants.ts';

const root = new URL('../../../policies/', import.meta.url).pathname;

describe.each(['abac-programs', 'elastic-cloud', 'observability'])('%s on Cedar', (set) => {
  it('never errors on a valid request', async () => {
    const loaded = await loadPolicySet([root + set]);
    if (!loaded.ir) throw new Error('policies do not check');
    const ir = loaded.ir;
    const engine = CedarEngine.fromBundle(compileCedar(ir), nodeCedar);
    const valid = requestValidator(requestSchema(ir));
    fc.assert(
      fc.property(requestArbitrary(ir, collectConstants(ir)), (request) => {
        const issues = valid(request);
        fc.pre(issues.length === 0);
        const answer = engine.evaluate(request);
        if (!answer.ok) throw new Error(`${answer.error.message}\n${JSON.stringify(request)}`);
        expect(answer.decision.decision === 'allow' ? answer.decision.reasons.length : 1).toBeGreaterThan(0);
      }),
      { numRuns: 150, seed: 42 },
    );
  });
});
