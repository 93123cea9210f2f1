/**
 * The hostile-input corpus (corpus.ts) against both engines, and hostile fixture files and
 * bundle archives against the loaders. For every input: never an allow, never a crash (only
 * InvalidRequestError / BundleFormatError / BundleIntegrityError / the harness's coded
 * errors), both engines the same outcome, and Object.prototype untouched. The counts are
 * printed and quoted in docs/security.md.
 */
import { gzipSync } from 'fflate';
import { createTar } from 'nanotar';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicySet } from '../../src/semantics/index.ts';
import { buildPolicySet } from '../../src/bundle/index.ts';
import { cedarTarget, regoTarget } from '../../src/bundle/targets.ts';

// The engines' targets: these sets use constructs (denies, context) the elasticsearch target refuses.
const TARGETS = [cedarTarget, regoTarget];
import { requestSchema } from '../../src/request/schema.ts';
import { requestValidator } from '../../src/request/validate.ts';
import { DEFAULT_REQUEST_LIMITS, snapshotRequest } from '../../src/request/snapshot.ts';
import { checkRequests, parseFixtureText } from '../../src/harness/fixtures.ts';
import { BundleFormatError, BundleIntegrityError, EngineFailure, InvalidRequestError, createAuthorizer, type Authorizer } from '../../src/runtime/node.ts';
import { BASE_REQUEST, fixtureCorpus, requestCorpus } from './corpus.ts';

const root = new URL('../../policies/observability/', import.meta.url).pathname;
const protoNames = () => JSON.stringify([Object.getOwnPropertyNames(Object.prototype), Object.getOwnPropertyNames(Array.prototype), Object.getOwnPropertyNames(Function.prototype)]);
const PRISTINE = protoNames();
function polluted(): boolean {
  const probe = {} as Record<string, unknown>;
  return protoNames() !== PRISTINE || probe.polluted !== undefined || probe.isAdmin !== undefined || ([] as unknown as Record<string, unknown>).polluted !== undefined;
}

type Outcome = 'allow' | 'deny' | 'invalid' | 'engine-error' | `crash: ${string}`;
function outcome(authz: Authorizer, request: unknown): Outcome {
  try {
    return authz.decide(request).decision;
  } catch (err) {
    if (err instanceof InvalidRequestError) return 'invalid';
    if (err instanceof EngineFailure) return 'engine-error';
    return `crash: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
  }
}

let files: Map<string, Uint8Array>;
const authz: Record<'cedar' | 'rego', Authorizer> = {} as never;
let schema: object;
beforeAll(async () => {
  const ir = (await loadPolicySet([root])).ir!;
  const built = await buildPolicySet(ir, TARGETS);
  if (!built.ok) throw new Error('build failed');
  files = new Map(Object.entries(built.files).map(([p, v]) => [p, typeof v === 'string' ? new TextEncoder().encode(v) : v]));
  schema = requestSchema(ir);
  for (const engine of ['cedar', 'rego'] as const) authz[engine] = await createAuthorizer(files, { engine });
}, 120_000);

describe('hostile requests', () => {
  it('every input: a clear error or a deny, never an allow or a crash; both engines agree; nothing polluted', () => {
    expect(outcome(authz.cedar, BASE_REQUEST)).toBe('deny');
    expect(outcome(authz.rego, BASE_REQUEST)).toBe('deny');
    const corpus = requestCorpus();
    const tally = { inputs: 0, errors: 0, deniedValid: 0, allows: 0, crashes: 0, pollution: 0, disagreements: 0 };
    const problems: string[] = [];
    const validOnes: string[] = [];
    for (const input of corpus) {
      const request = input.make();
      const cedar = outcome(authz.cedar, request);
      const rego = outcome(authz.rego, request);
      tally.inputs++;
      if (cedar.startsWith('crash') || rego.startsWith('crash')) (tally.crashes++, problems.push(`${input.name}: ${cedar} / ${rego}`));
      else if (cedar === 'allow' || rego === 'allow') (tally.allows++, problems.push(`${input.name}: allowed (${cedar} / ${rego})`));
      else if (cedar !== rego) (tally.disagreements++, problems.push(`${input.name}: cedar ${cedar}, rego ${rego}`));
      else if (cedar === 'invalid' || cedar === 'engine-error') tally.errors++;
      else (tally.deniedValid++, validOnes.push(input.name));
      if (polluted()) (tally.pollution++, problems.push(`${input.name}: polluted a prototype`));
    }
    console.log(`hostile requests: ${JSON.stringify(tally)}; valid (denied by both): ${validOnes.join('; ')}`);
    expect(problems).toEqual([]);
    expect(tally.inputs).toBeGreaterThan(500);
    expect(tally.crashes + tally.pollution + tally.allows + tally.disagreements).toBe(0);
  });
});

describe('hostile fixture files', () => {
  it('are refused with coded errors (schema or request), never crash or pollute', () => {
    // What the runtime does with a request: the snapshot within the default limits, then the schema.
    const validate = requestValidator(schema);
    const check = (request: unknown) => {
      const snap = snapshotRequest(request, DEFAULT_REQUEST_LIMITS);
      return snap.ok ? validate(snap.value) : snap.issues;
    };
    const tally = { inputs: 0, errors: 0, crashes: 0, pollution: 0 };
    const accepted: string[] = [];
    for (const f of fixtureCorpus()) {
      tally.inputs++;
      try {
        const parsed = parseFixtureText('/virtual/fixtures/hostile.yaml', f.text);
        const errors = parsed.ok ? checkRequests(parsed.value, check) : parsed.errors;
        if (errors.length > 0 && errors.every((e) => /^H\d{4}$/.test(e.code))) tally.errors++;
        else accepted.push(f.name);
      } catch (err) {
        tally.crashes++;
        accepted.push(`${f.name}: ${(err as Error).message}`);
      }
      if (polluted()) tally.pollution++;
    }
    console.log(`hostile fixtures: ${JSON.stringify(tally)}`);
    expect(accepted).toEqual([]);
    expect(tally.pollution).toBe(0);
  });
});

/** A tar header's type flag and link name rewritten (checksum recomputed): for entries nanotar cannot write. */
function retype(tar: Uint8Array, entryIndex: number, flag: string, linkName = ''): Uint8Array {
  const out = tar.slice();
  let offset = 0;
  for (let i = 0; i < entryIndex; i++) {
    const size = parseInt(new TextDecoder().decode(out.subarray(offset + 124, offset + 136)).replace(/\0.*$/, '').trim() || '0', 8);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  out[offset + 156] = flag.charCodeAt(0);
  out.fill(0, offset + 157, offset + 257);
  out.set(new TextEncoder().encode(linkName), offset + 157);
  out.fill(0x20, offset + 148, offset + 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += out[offset + i]!;
  out.set(new TextEncoder().encode(`${sum.toString(8).padStart(6, '0')}\0 `), offset + 148);
  return out;
}

describe('hostile bundle archives', () => {
  it('path traversal, absolute paths, links, devices and duplicate entries are refused on both engines', async () => {
    const entries = () => [...files].map(([name, data]) => ({ name, data }));
    const tgz = (list: { name: string; data: Uint8Array }[], post?: (t: Uint8Array) => Uint8Array) => gzipSync((post ?? ((t) => t))(createTar(list)));
    const evil = new TextEncoder().encode('package evil\n');
    const cases: [string, Uint8Array][] = [
      ['../ escapes the bundle', tgz([...entries(), { name: '../evil.rego', data: evil }])],
      ['a/../../ escapes the bundle', tgz([...entries(), { name: 'rego/../../evil.rego', data: evil }])],
      ['an absolute path', tgz([...entries(), { name: '/etc/evil', data: evil }])],
      ['a dot segment', tgz([...entries(), { name: 'rego/./policy.wasm', data: evil }])],
      ['policy.wasm twice (evil last)', tgz([...entries(), { name: 'rego/policy.wasm', data: evil }])],
      ['policy.wasm twice (evil first)', tgz([{ name: 'rego/policy.wasm', data: evil }, ...entries()])],
      ['an unlisted file where the engine reads', tgz([...entries(), { name: 'rego/evil.rego', data: evil }, { name: 'cedar/evil.cedar', data: evil }])],
    ];
    const list = entries();
    const target = list.findIndex((e) => e.name === 'rego/policy.wasm');
    const cedarTarget = list.findIndex((e) => e.name === 'cedar/policies.cedar');
    for (const [flag, kind] of [['2', 'symlink'], ['1', 'hard link'], ['3', 'character device'], ['6', 'fifo']] as const) {
      cases.push([`rego/policy.wasm as a ${kind}`, tgz(list, (t) => retype(t, target, flag, '/etc/passwd'))]);
      cases.push([`cedar/policies.cedar as a ${kind}`, tgz(list, (t) => retype(t, cedarTarget, flag, '../../../etc/passwd'))]);
    }
    cases.push(['not gzip', new TextEncoder().encode('PK\u0003\u0004 not a tarball')]);
    cases.push(['truncated gzip', tgz(list).slice(0, 1000)]);
    const tally = { inputs: 0, refused: 0, loaded: 0, crashes: 0, pollution: 0 };
    const problems: string[] = [];
    expect(await createAuthorizer(tgz(list), { engine: 'rego' })).toBeTruthy(); // the untouched archive loads
    for (const [name, bytes] of cases) {
      for (const engine of ['cedar', 'rego'] as const) {
        tally.inputs++;
        try {
          await createAuthorizer(bytes, { engine });
          // Only the files an engine reads are guarded: an evil entry for the other engine is not its concern.
          // A leading "/" is OPA's own spelling of bundle paths: /etc/evil is the file etc/evil, outside both engines' files.
          const harmless = (engine === 'cedar' && name.startsWith('rego/policy.wasm')) || (engine === 'rego' && name.startsWith('cedar/')) || name === 'an absolute path';
          if (harmless) tally.loaded++;
          else problems.push(`${name} on ${engine}: loaded`);
        } catch (err) {
          if (err instanceof BundleFormatError || err instanceof BundleIntegrityError) tally.refused++;
          else (tally.crashes++, problems.push(`${name} on ${engine}: ${(err as Error).name}: ${(err as Error).message}`));
        }
        if (polluted()) tally.pollution++;
      }
    }
    console.log(`hostile bundles: ${JSON.stringify(tally)}`);
    expect(problems).toEqual([]);
    expect(tally.pollution).toBe(0);
  });
});
