/**
 * Property: the DLS translation is exact in both directions. fast-check draws 40 random
 * document conditions (comparisons, `in`, `like`, `has`, truthiness over required and
 * optional fields, user values and `principal.id`, nested `&&`/`||`/`!`); each becomes one
 * role on its own index pattern in one policy set P. Then import(build_es(P)) must decide
 * like P on both engines over 2,000 generated requests.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSources } from '../../../src/semantics/index.ts';
import { buildEs, enginesOf, generatedRequests, importBuilt, projectRequest } from './roundtrip-helpers.ts';

const SCHEMA = `schema {
  user { u_s: String  u_n: Long }
  document { s1?: String  s2: String  n1?: Long  n2: Long  b?: Bool }
}
`;

const str = fc.constantFrom('"a"', '"b"', '"a-b"', 'user.u_s', 'principal.id');
const num = fc.constantFrom('0', '1', '2', '-1', 'user.u_n');
const sField = fc.constantFrom('document.s1', 'document.s2');
const nField = fc.constantFrom('document.n1', 'document.n2');

const atom: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(sField, fc.constantFrom('==', '!='), str).map(([f, op, v]) => `${f} ${op} ${v}`),
  fc.tuple(str, sField).map(([v, f]) => `${v} == ${f}`),
  fc.tuple(nField, fc.constantFrom('==', '!=', '<', '<=', '>', '>='), num).map(([f, op, v]) => `${f} ${op} ${v}`),
  fc.tuple(num, fc.constantFrom('<', '>='), nField).map(([v, op, f]) => `${v} ${op} ${f}`),
  fc.tuple(sField, fc.subarray(['"a"', '"b"', '"c"'], { minLength: 1 })).map(([f, vs]) => `${f} in [${vs.join(', ')}]`),
  fc.tuple(sField, fc.constantFrom('"a*"', '"*b"', '"a*b"', '"a-*"')).map(([f, p]) => `${f} like ${p}`),
  fc.constantFrom('has document.s1', 'has document.n1', 'has document.b', 'document.b', 'document.b == false'),
);

const cond: fc.Arbitrary<string> = fc.letrec<{ c: string }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.tuple(tie('c'), tie('c')).map(([a, b]) => `(${a} && ${b})`),
    fc.tuple(tie('c'), tie('c')).map(([a, b]) => `(${a} || ${b})`),
    tie('c').map((a) => `!(${a})`),
  ),
})).c;

describe('DLS translation: random document conditions survive build_es then import', () => {
  it('import(build_es(P)) = P on 2,000 requests, 40 random conditions', async () => {
    const conds = fc.sample(cond, { numRuns: 40, seed: 2026 });
    const roles = conds.map((c, i) => `role r${i} {\n  index "r${i}-*" {\n    privileges read\n    documents where ${c}\n  }\n}\n`).join('\n');
    const mapping = `mapping every_user {\n  roles ${conds.map((_, i) => `r${i}`).join(', ')}\n  when principal.type == "user"\n}\n`;
    const checked = checkSources([{ path: 'schema.role', text: SCHEMA }, { path: 'roles.role', text: roles + mapping }]);
    if (!checked.ir) throw new Error(checked.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
    const original = await enginesOf(checked.ir);
    const imported = await enginesOf(importBuilt(buildEs(checked.ir)));
    const requests = generatedRequests(checked.ir, 2000, 7);
    const diffs: string[] = [];
    let documentAllows = 0;
    for (const r of requests) {
      const p = original.decide(r);
      const projected = projectRequest(r, imported.ir);
      const i = imported.valid(projected) ? imported.decide(projected) : { cedar: 'invalid', rego: 'invalid' };
      if (p.cedar === 'allow' && r.resource.type === 'document') documentAllows++;
      if (new Set([p.cedar, p.rego, i.cedar, i.rego]).size !== 1) diffs.push(`${JSON.stringify(r)} → ${p.cedar}/${p.rego} vs ${i.cedar}/${i.rego}`);
    }
    expect(diffs.slice(0, 3)).toEqual([]);
    // The conditions must actually be exercised on documents, granting some and not others.
    expect(documentAllows).toBeGreaterThan(50);
  }, 300_000);
});
