/**
 * A bundle loaded from its written files (dist/cedar, read back as bytes) decides exactly as the in-memory
 * build: the engine needs nothing but policies.cedar, schema.cedarschema.json and
 * entities.json.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPolicySet, writeBuild } from '../../../src/bundle/index.ts';
import { cedarTarget } from '../../../src/bundle/targets.ts';
import { compileCedar } from '../../../src/backends/cedar/compile.ts';
import { CedarEngine } from '../../../src/engines/cedar.ts';
import { nodeCedar } from '../../../src/backends/cedar/wasm-node.ts';
import { loadFixtureFile } from '../../../src/harness/fixtures.ts';
import { loadPolicySet } from '../../../src/semantics/index.ts';

const readCedarDir = (dir: string) =>
  new Map(['policies.cedar', 'schema.cedarschema.json', 'entities.json'].flatMap((n) => {
    try {
      return [[n, new Uint8Array(readFileSync(join(dir, n)))] as const];
    } catch {
      return [];
    }
  }));

describe('CedarEngine.fromFiles', () => {
  it('answers every observability fixture case as the in-memory bundle does', async () => {
    const fixture = loadFixtureFile(new URL('../../../fixtures/observability.yaml', import.meta.url).pathname);
    if (!fixture.ok) throw new Error('fixture does not load');
    const set = await loadPolicySet(fixture.value.policies);
    if (!set.ir) throw new Error('policies do not check');
    const built = await buildPolicySet(set.ir, [cedarTarget]);
    if (!built.ok) throw new Error('build failed');
    const out = mkdtempSync(join(tmpdir(), 'rolec-cedar-'));
    await writeBuild(out, built.files);
    const fromDir = CedarEngine.fromFiles(readCedarDir(join(out, 'cedar')), nodeCedar);
    const inMemory = CedarEngine.fromBundle(compileCedar(set.ir), nodeCedar);
    for (const c of fixture.value.cases) expect(fromDir.evaluate(c.request)).toEqual(inMemory.evaluate(c.request));
    expect(fromDir.evaluate(fixture.value.cases[0]!.request)).toMatchObject({ ok: true, decision: { decision: 'allow' } });
  });
  it('a missing bundle file is a clear error naming it', () => {
    const empty = mkdtempSync(join(tmpdir(), 'rolec-cedar-'));
    expect(() => CedarEngine.fromFiles(readCedarDir(empty), nodeCedar)).toThrow(/lacks policies\.cedar/);
  });
});
