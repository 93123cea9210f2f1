/**
 * Property: on the trap policy set (scenarios.ts), the Rego bundle decides every
 * generated request exactly as the Cedar bundle does — decision, reasons and deniedBy —
 * both compiled from the same IR and run on their real Wasm engines. Requests come from
 * the harness's generator (schema + the policy set's constants); each is validated
 * against the request schema first, as the engines require.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileCedar } from '../../../src/backends/cedar/compile.ts';
import { collectConstants } from '../../../src/harness/fuzz/constants.ts';
import { requestArbitrary } from '../../../src/harness/fuzz/generate.ts';
import { requestSchema } from '../../../src/request/schema.ts';
import { requestValidator } from '../../../src/request/validate.ts';
import { CedarEngine } from '../../../src/engines/cedar.ts';
import { nodeCedar } from '../../../src/backends/cedar/wasm-node.ts';
import type { RegoEngine } from '../../../src/engines/rego.ts';
import { compiler, engineFor } from './engine-for.ts';
import { TRAPS } from './scenarios.ts';

describe.skipIf(!compiler)('Rego agrees with Cedar', () => {
  let rego: RegoEngine;
  let cedar: CedarEngine;
  beforeAll(async () => {
    rego = await engineFor(TRAPS);
    cedar = CedarEngine.fromBundle(compileCedar(TRAPS), nodeCedar);
  });

  it('on generated requests for the trap policy set', () => {
    const validate = requestValidator(requestSchema(TRAPS));
    const requests = requestArbitrary(TRAPS, collectConstants(TRAPS)).filter((r) => validate(r).length === 0);
    const seen = { allow: 0, denied: 0 };
    fc.assert(
      fc.property(requests, (r) => {
        const c = cedar.evaluate(r);
        expect(c.ok).toBe(true);
        expect(rego.evaluate(r)).toEqual(c);
        if (c.ok && c.decision.decision === 'allow') seen.allow++;
        if (c.ok && c.decision.deniedBy.length > 0) seen.denied++;
      }),
      { numRuns: 400, seed: 20261122 },
    );
    // The property is only as good as its requests: some must be allowed, some denied by a rule.
    expect(seen.allow).toBeGreaterThan(10);
    expect(seen.denied).toBeGreaterThan(10);
  });
});
