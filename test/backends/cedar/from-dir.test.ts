/**
 * A bundle loaded from its written files (dist/cedar) decides exactly as the in-memory
 * build: the engine needs nothing but policies.cedar, schema.cedarschema.json and
 * entities.json.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPolicySet, writeBuild } from '../../../src/bundle/index.ts';
import { cedarTarget } from '../../../src/backends/cedar/target.ts';
import { compileCedar } from '../../../src/backends/cedar/compile.ts';
import { CedarEngine } from '../../../src/engines/cedar.ts';
import { loadFixtureFile } from '../../../src/harness/fixtures.ts';
import { loadPolicySet } from '../../../src/semantics/index.ts';

describe('CedarEngine.fromDir', () => {
  it('answers every observability fixture case as the in-memory bundle does', async () => {
    const fixture = loadFixtureFile(new URL('../../../fixtures/observability.yaml', import.meta.url).pathname);
    if (!fixture.ok) throw new Error('fixture does not load');
    const set = await loadPolicySet(fixture.value.policies);
    if (!set.ir) throw new Error('policies do not check');
    const built = await buildPolicySet(set.ir, [cedarTarget]);
    if (!built.ok) throw new Error('build failed');
    const out = mkdtempSync(join(tmpdir(), 'rolec-cedar-'));
    await writeBuild(out, built.files);
    const fromDir = CedarEngine.fromDir(join(out, 'cedar'));
    const inMemory = CedarEngine.fromBundle(compileCedar(set.ir));
    for (const c of fixture.value.cases) expect(fromDir.evaluate(c.request)).toEqual(inMemory.evaluate(c.request));
    expect(fromDir.evaluate(fixture.value.cases[0]!.request)).toMatchObject({ ok: true, decision: { decision: 'allow' } });
  });
  it('a missing bundle file is a clear error naming it', () => {
    const empty = mkdtempSync(join(tmpdir(), 'rolec-cedar-'));
    expect(() => CedarEngine.fromDir(empty)).toThrow(/cannot read the bundle file .*policies\.cedar: ENOENT/);
  });
});
