/**
 * A harness worker thread (see pool.ts): builds each policy set it is asked about once,
 * with the real toolchain, and runs fuzz chunks and fixture files on its own engines.
 * Everything it returns is plain data (requests, engine answers, coverage).
 */
import { buildPolicySetUnderTest } from './policyset.ts';
import { defaultToolchain } from './toolchain.ts';
import { runFixture, type FileResult, type PolicySetUnderTest } from './run.ts';
import { fuzz, type FuzzResult } from './fuzz/run.ts';
import { loadFixtureFile } from './fixtures.ts';
import type { HarnessInputError } from './errors.ts';

export type PoolTask =
  | { kind: 'fuzz'; paths: string[]; count: number; seed: number; maxFailures: number }
  /** A fixture file (loaded again in the worker: it carries a function), its policies as resolved. */
  | { kind: 'fixture'; file: string; policies: string[] };

export type PoolAnswer =
  | { ok: true; fuzz?: FuzzResult; file?: FileResult }
  | { ok: false; errors: HarnessInputError[] };

const sets = new Map<string, Promise<Awaited<ReturnType<typeof buildPolicySetUnderTest>>>>();

function setFor(paths: string[]): ReturnType<typeof buildPolicySetUnderTest> {
  const key = paths.join('\n');
  let set = sets.get(key);
  if (!set) {
    set = buildPolicySetUnderTest(paths, defaultToolchain);
    sets.set(key, set);
  }
  return set;
}

export default async function run(task: PoolTask): Promise<PoolAnswer> {
  const loaded = await setFor(task.kind === 'fuzz' ? task.paths : task.policies);
  if (!loaded.ok) return { ok: false, errors: loaded.errors };
  const set: PolicySetUnderTest = loaded.value;
  if (task.kind === 'fuzz') return { ok: true, fuzz: fuzz(set, { count: task.count, seed: task.seed, maxFailures: task.maxFailures }) };
  const fixture = loadFixtureFile(task.file);
  if (!fixture.ok) return { ok: false, errors: fixture.errors };
  return { ok: true, file: runFixture({ ...fixture.value, policies: task.policies }, set) };
}
