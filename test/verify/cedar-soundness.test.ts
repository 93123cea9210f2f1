/**
 * Soundness of the Cedar encoding (src/verify/cedar/): read from the built bundle's
 * policies.cedar (through cedar-wasm's parser), entities.json and schema, evaluated on a
 * concrete request, it gives what the real cedar-wasm engine answers on that request —
 * allow, deny, or an evaluation error — on 10,000 generated requests per example set.
 */
import { describe, it } from 'vitest';
import { encodeCedar } from '../../src/verify/cedar/authorize.ts';
import { nodeCedar } from '../../src/backends/cedar/wasm-node.ts';
import { expectEngineAgreement } from './engine-agreement.ts';

const SETS = ['policies/abac-programs', 'policies/elastic-cloud', 'policies/observability'];
const COUNT = 10_000;

describe.each(SETS)('Cedar encoding of %s agrees with cedar-wasm', (dir) => {
  it(`on ${COUNT} generated requests`, () => expectEngineAgreement(dir, 'cedar', (files, model, defs) => encodeCedar(files, model, defs, nodeCedar), { count: COUNT }), 240_000);
});
