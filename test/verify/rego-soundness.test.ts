/**
 * Soundness of the Rego encoding (src/verify/rego/): read from the built bundle's
 * rolec/authz/*.rego (through rolec's own Rego parser) and data.json, evaluated on a
 * concrete request, it gives what the real engine — opa-wasm running the bundle's
 * policy.wasm — answers on that request (allow, deny, or an engine error), and names the
 * rules the engine reports (reasons, denied_by), on 10,000 generated requests per set.
 */
import { describe, it } from 'vitest';
import { encodeRego } from '../../src/verify/rego/authorize.ts';
import { expectEngineAgreement } from './engine-agreement.ts';

const SETS = ['policies/abac-programs', 'policies/elastic-cloud', 'policies/observability', 'policies/es-interop'];
const COUNT = 10_000;

describe.each(SETS)('Rego encoding of %s agrees with opa-wasm', (dir) => {
  it(`on ${COUNT} generated requests`, () => expectEngineAgreement(dir, 'rego', encodeRego, { count: COUNT, rules: true }), 240_000);
});
