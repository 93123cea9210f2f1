/**
 * The Rego encoding never assumes away what it cannot read: a construct outside the
 * subset the symbolic evaluator models (src/verify/rego/evaluate.ts) — an unknown builtin,
 * `with`, `every`, a glob pattern with a wildcard other than `*` — is reported as an
 * unencoded construct naming the file and rule (V0102 in `rolec verify`), and the
 * unaltered bundle has none.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareVerifiedSet } from '../../src/verify/artefacts.ts';
import { RequestModel } from '../../src/verify/request-model.ts';
import { Defs } from '../../src/verify/term.ts';
import { encodeRego } from '../../src/verify/rego/authorize.ts';
import type { TargetFiles } from '../../src/verify/target.ts';

const POLICY = 'rolec/authz/policy.rego';
let files: TargetFiles;
let model: RequestModel;

beforeAll(async () => {
  const prepared = await prepareVerifiedSet(['policies/abac-programs']);
  if (!prepared.ok) throw new Error(prepared.messages.join('\n'));
  files = prepared.value.targets.get('rego')!;
  model = new RequestModel(prepared.value.set.ir);
}, 120_000);

const text = (name: string) => new TextDecoder().decode(files.get(name)!);
const encodeWith = (name: string, content: string) =>
  encodeRego(new Map([...files, [name, new TextEncoder().encode(content)]]), model, new Defs());

describe('the Rego encoding reports what it does not model', () => {
  it('encodes the emitted bundle completely', () => {
    expect(encodeRego(files, model, new Defs()).unencoded).toEqual([]);
  });

  it.each([
    ['an unknown builtin', 'regex.match("^a", input.principal.id)', 'call regex.match'],
    ['every', 'every g in input.principal.groups { g != "x" }', 'every'],
    ['with', 'input.principal.id == "x" with input.action as "read"', 'with'],
  ])('%s in policy.rego', (_name, stmt, construct) => {
    const enc = encodeWith(POLICY, `${text(POLICY)}\ndeny_conditions_fire contains "c1" if {\n\t${stmt}\n}\n`);
    expect(enc.unencoded).toContainEqual({ file: POLICY, where: expect.stringContaining('deny_conditions_fire'), construct: expect.stringContaining(construct) });
  });

  it('a glob pattern with "?" in data.json', () => {
    const data = JSON.parse(text('data.json')) as { rolec: { permissions: Record<string, { index?: { names: string[] }[] }> } };
    data.rolec.permissions.classification_officer!.index![0]!.names[0] = 'programs-?';
    const enc = encodeWith('data.json', JSON.stringify(data));
    expect(enc.unencoded.map((u) => u.construct)).toContainEqual(expect.stringContaining('glob pattern "programs-?"'));
  });

  it('a manifest naming no single entrypoint', () => {
    const enc = encodeWith('.manifest', JSON.stringify({ roots: ['rolec'], wasm: [] }));
    expect(enc.unencoded).toContainEqual({ file: '.manifest', where: 'wasm', construct: '0 entrypoints' });
  });
});
