/**
 * Property: a wildcard pattern escaped by the backend and matched by the real engine's
 * `glob.match(p, null, name)` (rolec's policy.wasm in opa-wasm) agrees with the language's
 * definition — `*` any sequence (dots included), every other character itself — for
 * names and patterns over an alphabet full of glob metacharacters.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { globPattern } from '../../../src/backends/rego/text.ts';
import { compiler } from './engine-for.ts';

interface Loaded {
  evaluate(input: unknown, entrypoint: string): { result: boolean }[];
}

/** The language's definition, directly: `*` = any sequence, everything else literal. */
function wildcard(pattern: string, name: string): boolean {
  const parts = pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 's').test(name);
}

const ALPHABET = ['a', 'b', '.', '-', '/', '?', '[', ']', '{', '}', '\\', ',', '!', '^', '*'];
const chars = (withStar: boolean) => fc.array(fc.constantFrom(...ALPHABET.filter((c) => withStar || c !== '*')), { maxLength: 6 }).map((a) => a.join(''));

describe.skipIf(!compiler)('wildcard escaping on the engine', () => {
  let policy: Loaded;
  beforeAll(async () => {
    const source = 'package t\nimport rego.v1\nm := glob.match(input.p, null, input.n)\n';
    const out = await compiler!({ modules: [{ path: 't.rego', source }], entrypoints: ['t/m'] });
    expect(out.diagnostics).toEqual([]);
    const { createRequire } = await import('node:module');
    const opa = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as { loadPolicySync(w: BufferSource): Loaded & { setData(d: unknown): void } };
    const p = opa.loadPolicySync(out.wasm! as Uint8Array<ArrayBuffer>);
    p.setData({});
    policy = p;
  });

  it('glob.match(escaped pattern, null, name) ⇔ wildcard match', () => {
    const matches = (p: string, n: string) => policy.evaluate({ p: globPattern(p), n }, 't/m')[0]!.result;
    // names derived from the pattern (so that matches are common) and arbitrary ones
    const pair = chars(true).chain((p) => fc.tuple(fc.constant(p), fc.oneof(chars(false), fc.constant(p.replace(/\*/g, '')), fc.constant(p.replace(/\*/g, 'x.y')))));
    fc.assert(
      fc.property(pair, ([p, n]) => matches(p, n) === wildcard(p, n)),
      { numRuns: 600, seed: 7 },
    );
    expect(matches('logs-*', 'logs-a.b')).toBe(true);
    expect(matches('a?b', 'axb')).toBe(false);
  });
});
