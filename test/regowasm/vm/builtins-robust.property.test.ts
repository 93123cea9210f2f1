// Every builtin added in the extended set, called with random JSON arguments, returns a
// value or undefined: never an abort (an AssemblyScript bounds check, a bad cast) that
// would make the SDK throw. One module holds all the calls.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VM_BUILTIN_ARITY } from '../../../src/regowasm/plan/ir.ts';
import { load, builtinTable } from './helpers.ts';

const EXTENDED = Object.keys(VM_BUILTIN_ARITY).filter((n) =>
  /^(bits|array\.reverse|object\.(union_n|filter)|json\.(filter|remove|is_valid|patch|marshal_with)|numbers\.range_step|strings\.replace_n|base64|hex|urlquery|units|semver|crypto|net\.cidr_(intersects|is_valid|contains_matches|expand|merge)|graph|regex\.|time\.|trace|sprintf)/.test(n));

const text = fc.string({ unit: fc.constantFrom('a', 'B', '1', '0', '.', '/', '%', '=', '&', ':', '{', '}', '(', ')', '[', ']', '*', '?', '\\', '$', '-', '+', 'é', ' ', '~', 'T', 'Z', 'x', 'm', 'K', 'i') , maxLength: 12 });
const scalar = fc.oneof(text, fc.integer({ min: -40, max: 40 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), fc.boolean(), fc.constant(null),
  fc.constantFrom('10.0.0.0/8', '10.1.2.3', '::1/128', '2001:db8::/120', '1.0.0', '1.2.3-rc.1', '/a/b', 'a/0', '2024-01-02T03:04:05Z', '1h2m'));
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'op', 'path', 'value', 'from'), tie('v'), { maxKeys: 3 })),
})).v;

describe('extended builtins never abort (property)', () => {
  it(`survive random arguments (${EXTENDED.length} builtins × 60 calls)`, async () => {
    expect(EXTENDED.length).toBeGreaterThan(60);
    const cases = EXTENDED.flatMap((name, k) =>
      fc.sample(fc.array(value, { minLength: VM_BUILTIN_ARITY[name]!, maxLength: VM_BUILTIN_ARITY[name]! }), { numRuns: 60, seed: 1000 + k })
        .map((args) => ({ name, args })));
    const pol = await load(builtinTable(cases));
    const crashed: string[] = [];
    cases.forEach((c, i) => {
      try { pol.evaluate(null, `c${i}`); } catch (e) { crashed.push(`${c.name}(${JSON.stringify(c.args)}): ${String(e)}`); }
    });
    expect(crashed).toEqual([]);
  });
});
