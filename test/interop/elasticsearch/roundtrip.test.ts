/**
 * Round trip, meaning-preserving: for the example set the elasticsearch target fully
 * supports (policies/es-interop), import(build_es(P)) decides like P — on both real
 * engines, for every fixture and for 2,000 generated requests — and the build is
 * deterministic.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFixtureFile } from '../../../src/harness/fixtures.ts';
import type { Request } from '../../../src/request/types.ts';
import { buildEs, enginesOf, generatedRequests, importBuilt, irOfSet, projectRequest, type Engines } from './roundtrip-helpers.ts';

const root = new URL('../../../', import.meta.url).pathname;
const GENERATED = 2000;

describe('import(build_es(es-interop)) decides like es-interop', () => {
  let original: Engines;
  let imported: Engines;
  let files: Record<string, string>;
  beforeAll(async () => {
    const ir = await irOfSet(join(root, 'policies/es-interop'));
    files = buildEs(ir);
    original = await enginesOf(ir);
    imported = await enginesOf(importBuilt(files));
  }, 120_000);

  function differences(requests: Request[]): string[] {
    const out: string[] = [];
    for (const r of requests) {
      const p = original.decide(r);
      const projected = projectRequest(r, imported.ir);
      if (!imported.valid(projected)) {
        out.push(`not a valid request for the imported set: ${JSON.stringify(projected)}`);
        continue;
      }
      const i = imported.decide(projected);
      const all = [p.cedar, p.rego, i.cedar, i.rego];
      if (new Set(all).size !== 1 || !['allow', 'deny'].includes(p.cedar)) out.push(`${JSON.stringify(r)} → P ${p.cedar}/${p.rego}, import ${i.cedar}/${i.rego}`);
    }
    return out;
  }

  it('on every fixture', () => {
    const fixture = loadFixtureFile(join(root, 'fixtures/es-interop.yaml'));
    if (!fixture.ok) throw new Error(JSON.stringify(fixture.errors));
    const requests = fixture.value.cases.map((c) => c.request);
    expect(requests.length).toBeGreaterThanOrEqual(30);
    expect(differences(requests)).toEqual([]);
  });

  it(`on ${GENERATED} generated requests, both allows and denies`, () => {
    const requests = generatedRequests(original.ir, GENERATED, 1414);
    expect(requests).toHaveLength(GENERATED);
    expect(differences(requests)).toEqual([]);
    const allows = requests.filter((r) => original.decide(r).cedar === 'allow').length;
    // A comparison that only ever sees denies proves little: both outcomes must be common.
    expect(allows).toBeGreaterThan(GENERATED / 20);
    expect(GENERATED - allows).toBeGreaterThan(GENERATED / 20);
  });

  it('the elasticsearch files are deterministic (a second build is byte-identical)', async () => {
    expect(buildEs(await irOfSet(join(root, 'policies/es-interop')))).toEqual(files);
  });
});
