/**
 * The build: example policy sets validate strictly, rebuilds are byte-identical, the
 * manifest describes exactly the files written, and a failing target means no output.
 */
import { mkdtempSync, readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicySet } from '../../src/semantics/index.ts';
import { buildPolicySet, writeBuild } from '../../src/bundle/index.ts';
import { sha256 } from '../../src/bundle/manifest.ts';
import { cedarTarget } from '../../src/bundle/targets.ts';
import { compileCedar, validateCedar } from '../../src/backends/cedar/compile.ts';
import type { Target } from '../../src/backends/target.ts';
import { runBuild } from '../../src/cli/commands/build.ts';
import { nodeCedar } from '../../src/backends/cedar/wasm-node.ts';

const root = new URL('../../policies/', import.meta.url).pathname;
const SETS = ['abac-programs', 'elastic-cloud', 'observability'];

async function irOf(set: string) {
  const loaded = await loadPolicySet([join(root, set)]);
  if (!loaded.ir) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.ir;
}

describe('rolec build (cedar)', () => {
  it.each(SETS)('%s: strict validation passes, two builds are byte-identical, manifest hashes match', async (set) => {
    const ir = await irOf(set);
    const a = await buildPolicySet(ir, [cedarTarget]);
    const b = await buildPolicySet(await irOf(set), [cedarTarget]);
    if (!a.ok || !b.ok) throw new Error('build failed');
    expect(Object.keys(a.files).sort()).toEqual([
      'cedar/entities.json',
      'cedar/policies.cedar',
      'cedar/schema.cedarschema',
      'cedar/schema.cedarschema.json',
      'manifest.json',
      'request.schema.json',
    ]);
    for (const f of Object.keys(a.files)) expect(a.files[f]).toEqual(b.files[f]);
    const manifest = JSON.parse(a.files['manifest.json'] as string) as { files: { path: string; sha256: string }[]; sourceMap: Record<string, string> };
    for (const { path, sha256: h } of manifest.files) expect(sha256(a.files[path]!)).toBe(h);
    expect(manifest.files.map((f) => f.path)).not.toContain('manifest.json');
    for (const r of ir.roles) for (const p of r.permissions) expect(manifest.sourceMap[p.id]).toBe(`${p.loc.file}:${p.loc.line}:${p.loc.col}`);
  });

  it('the text schema and the JSON schema describe the same thing', async () => {
    const { schemaToJson } = await import('@cedar-policy/cedar-wasm/nodejs');
    const bundle = compileCedar(await irOf('observability'));
    const fromText = schemaToJson(bundle.schema.text);
    if (fromText.type !== 'success') throw new Error('schema text does not parse');
    const norm = (x: unknown) => JSON.parse(JSON.stringify(x, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v))) as unknown;
    const ours = bundle.schema.json[''] as Record<string, Record<string, { memberOfTypes?: string[] }>>;
    const theirs = fromText.json[''] as unknown as Record<string, Record<string, { memberOfTypes?: string[] }>>;
    expect(Object.keys(theirs.entityTypes!).sort()).toEqual(Object.keys(ours.entityTypes!).sort());
    expect(Object.keys(theirs.actions!).sort()).toEqual(Object.keys(ours.actions!).sort());
    expect(norm(theirs.entityTypes!.User!.memberOfTypes)).toEqual(norm(ours.entityTypes!.User!.memberOfTypes));
  });

  it('a strict-validation failure names the DSL rule and its location', async () => {
    const bundle = compileCedar(await irOf('observability'));
    const i = bundle.policies.findIndex((p) => p.text.includes('resource.index like'));
    const broken = { ...bundle, policies: bundle.policies.map((p, j) => (j === i ? { ...p, text: p.text.replace('resource.index like', 'resource.nosuch like'), shape: p.shape.replace('resource.index like', 'resource.nosuch like') } : p)) };
    const problems = validateCedar(broken, nodeCedar);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.dslId).toBe(bundle.policies[i]!.dslId);
    expect(problems[0]!.loc).toEqual(bundle.policies[i]!.loc);
    expect(problems[0]!.message).toMatch(/nosuch/);
  });

  it('validating one policy per shape reports every failing rule of a failing shape', async () => {
    const bundle = compileCedar(await irOf('observability'));
    const shape = bundle.policies.find((p, _i, all) => all.filter((q) => q.shape === p.shape).length > 1)!.shape;
    const members = bundle.policies.filter((p) => p.shape === shape);
    const broken = {
      ...bundle,
      policies: bundle.policies.map((p) => (p.shape === shape ? { ...p, text: p.text.replace(/;$/, ' when { resource.nosuch == 1 };'), shape: 'broken' } : p)),
    };
    // A type error in every member of one shape: each member's rule is reported.
    const problems = validateCedar(broken, nodeCedar);
    expect(new Set(problems.map((p) => p.dslId))).toEqual(new Set(members.map((m) => m.dslId)));
  });

  it('a failing target means no files at all', async () => {
    const failing: Target = { name: 'broken', build: async () => ({ ok: false, problems: [{ code: 'B0001', target: 'broken', message: 'boom' }] }) };
    const result = await buildPolicySet(await irOf('abac-programs'), [cedarTarget, failing]);
    expect(result).toEqual({ ok: false, problems: [{ code: 'B0001', target: 'broken', message: 'boom' }] });
  });

  it('a target with 300,000 problems reports them all, not a stack overflow (a 100,000-role set the Elasticsearch target refuses)', async () => {
    const problems = Array.from({ length: 300_000 }, (_, i) => ({ code: 'ES001', target: 'many', message: `deny d${i}` }));
    const many: Target = { name: 'many', build: async () => ({ ok: false, problems }) };
    const result = await buildPolicySet(await irOf('abac-programs'), [many]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toHaveLength(300_000);
  });

  it('the CLI writes nothing when a policy set has errors, and writes each set of a collection', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'rolec-build-'));
    const bad = join(tmp, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'a.role'), 'role r { index "x-*" privileges nosuch }\n');
    const out = join(tmp, 'out');
    const stderr = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    const stdout = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      expect(await runBuild([join(root, 'abac-programs'), bad], out, ['cedar'])).toBe(1);
      expect(existsSync(out)).toBe(false);
      expect(await runBuild([root], out, ['cedar'])).toBe(0);
      expect(await runBuild([root], out, ['nope'])).toBe(2);
    } finally {
      process.stderr.write = stderr;
      process.stdout.write = stdout;
    }
    for (const set of SETS) expect(readFileSync(join(out, set, 'cedar', 'policies.cedar'), 'utf8')).toContain('@id(');
    const again = join(tmp, 'again');
    const ir = await irOf('elastic-cloud');
    const built = await buildPolicySet(ir, [cedarTarget]);
    if (!built.ok) throw new Error('build failed');
    await writeBuild(again, built.files);
    expect(readFileSync(join(again, 'cedar', 'policies.cedar'))).toEqual(readFileSync(join(out, 'elastic-cloud', 'cedar', 'policies.cedar')));
  });
});
