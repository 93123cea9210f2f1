/**
 * Translation validation catches broken bundles: a built bundle of an example set with
 * its policies.cedar deliberately broken (a condition flipped, a pattern changed, a
 * forbid dropped) no longer verifies — `rolec verify --bundle` finds a counterexample on
 * which the real cedar-wasm engine decides otherwise than the DSL, and writes it as a
 * fixture case expecting the DSL's decision.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicySet } from '../../src/semantics/index.ts';
import { buildPolicySet, writeBuild } from '../../src/bundle/index.ts';
import { selectTargets } from '../../src/bundle/targets.ts';
import { prepareVerifiedSet } from '../../src/verify/artefacts.ts';
import { counterexampleFixture, verifyPolicySet } from '../../src/verify/run-verify.ts';
import { cedarEncoder } from '../../src/verify/cedar/authorize.ts';
import { nodeCedar } from '../../src/backends/cedar/wasm-node.ts';
import { not } from '../../src/verify/term.ts';
import type { TargetEncoder } from '../../src/verify/target.ts';

const repo = new URL('../../', import.meta.url).pathname;
const rolec = (...args: string[]) => spawnSync(process.execPath, [join(repo, 'bin/rolec.js'), ...args], { encoding: 'utf8', cwd: repo });

const SET = 'policies/abac-programs';
let files: Record<string, string | Uint8Array>;

beforeAll(async () => {
  const loaded = await loadPolicySet([SET]);
  const built = await buildPolicySet(loaded.ir!, selectTargets(['cedar', 'rego']).targets);
  if (!built.ok) throw new Error(JSON.stringify(built.problems));
  files = built.files;
}, 120_000);

/** The bundle with policies.cedar rewritten, written to a fresh directory. */
async function mutated(edit: (text: string) => string): Promise<string> {
  const text = files['cedar/policies.cedar'] as string;
  const changed = edit(text);
  expect(changed).not.toBe(text);
  const dir = mkdtempSync(join(tmpdir(), 'rolec-mutant-'));
  await writeBuild(dir, { ...files, 'cedar/policies.cedar': changed });
  return dir;
}

/** Replaces the first match only. */
const once = (pattern: RegExp, by: string) => (t: string) => t.replace(pattern, by);

const MUTATIONS: [string, (t: string) => string][] = [
  ['a condition flipped', once(/principal\.attributes\.level >= 4/, 'principal.attributes.level < 4')],
  ['a pattern changed', once(/resource\.index like "audit-\*"/, 'resource.index like "audit*"')],
  ['a forbid dropped', once(/@id\("denies\.role:13:low_clearance_classified"\)\nforbid \([^;]*;\n/, '')],
];

describe('rolec verify --bundle on a broken Cedar bundle', () => {
  it('proves the unbroken bundle', async () => {
    const dir = await mutated((t) => `${t}\n`);
    const prepared = await prepareVerifiedSet([SET], { bundle: dir });
    if (!prepared.ok) throw new Error(prepared.messages.join('\n'));
    const rep = await verifyPolicySet(prepared.value, {});
    expect(rep.equivalence.map((e) => e.status)).toEqual(['proved']);
    expect(rep.exitCode).toBe(0);
  }, 120_000);

  it.each(MUTATIONS)('%s: a counterexample replayed on cedar-wasm', async (_name, edit) => {
    const dir = await mutated(edit);
    const prepared = await prepareVerifiedSet([SET], { bundle: dir });
    if (!prepared.ok) throw new Error(prepared.messages.join('\n'));
    const rep = await verifyPolicySet(prepared.value, {});
    const cedar = rep.equivalence.find((e) => e.target === 'cedar')!;
    expect(cedar.status).toBe('counterexample');
    // The real engine gives what the encoding claimed, and that is not the DSL's decision.
    expect(cedar.replay!.cedar).toBe(cedar.claimed);
    expect(cedar.claimed).not.toBe(cedar.dsl);
    // Rego was not broken: it still decides as the DSL does.
    expect(cedar.replay!.rego).toBe(cedar.dsl);
    expect(rep.exitCode).toBe(1);
    const fixture = parse(counterexampleFixture(rep, [SET])) as { cases: { request: unknown; expect: string }[] };
    expect(fixture.cases).toEqual([{ name: expect.any(String), request: cedar.counterexample, expect: cedar.dsl }]);
  }, 120_000);
});

describe('rolec verify keeps itself honest', () => {
  it('a witness the real engine does not reproduce is a verifier bug (exit 4), not a counterexample', async () => {
    const real = cedarEncoder(nodeCedar);
    // A deliberately wrong encoding: Cedar's allow negated.
    const wrong: TargetEncoder = {
      name: 'cedar',
      encode: async (...args) => {
        const e = await real.encode(...args);
        return { ...e, allow: not(e.allow) };
      },
    };
    const prepared = await prepareVerifiedSet([SET]);
    if (!prepared.ok) throw new Error(prepared.messages.join('\n'));
    const rep = await verifyPolicySet(prepared.value, { encoders: [wrong] });
    expect(rep.equivalence[0]!.status).toBe('verifier-bug');
    expect(rep.exitCode).toBe(4);
  }, 120_000);

  it('the CLI: --bundle, --write-fixture, exit 1 on a broken bundle and 3 on --timeout', async () => {
    const dir = await mutated(MUTATIONS[1]![1]);
    const fixture = join(dir, 'counterexamples.yaml');
    const r = rolec('verify', SET, '--bundle', dir, '--write-fixture', fixture);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain('DIFFERS  IR ≡ cedar');
    expect(existsSync(fixture)).toBe(true);
    expect(readFileSync(fixture, 'utf8')).toContain('expect: deny');
    const t = rolec('verify', SET, '--timeout', '1');
    expect(t.status, t.stdout + t.stderr).toBe(3);
  }, 120_000);
});
