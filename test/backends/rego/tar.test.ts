/**
 * The bundle's tar writer (src/backends/rego/tar.ts) must write the very bytes nanotar's
 * createTar wrote with the bundle's options (the tarball is deterministic across versions):
 * compared on random file sets, sizes around the 512-byte block and 10,240-byte record
 * boundaries included, and read back with nanotar's parser.
 */
import fc from 'fast-check';
import { createTar, parseTar } from 'nanotar';
import { describe, expect, it } from 'vitest';
import { ustarArchive } from '../../../src/backends/rego/tar.ts';

const OPTIONS = { attrs: { mode: '644', mtime: 0, uid: 0, gid: 0, user: '', group: '' } };

const size = fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.constantFrom(0, 511, 512, 513, 9216, 9728, 10240, 70000));
const name = fc.oneof(fc.constantFrom('.manifest', 'data.json', 'policy.wasm', 'rolec/authz/policy.rego', 'é/ü.rego'), fc.string({ minLength: 1, maxLength: 120 }));
const file = fc.tuple(name, size, fc.integer({ min: 0, max: 255 })).map(([n, s, seed]) => {
  const data = new Uint8Array(s);
  for (let i = 0; i < s; i++) data[i] = (seed + i * 31) & 0xff;
  return [n, data] as const;
});

describe('ustarArchive', () => {
  it("writes nanotar's bytes for the bundle's options", () => {
    fc.assert(
      fc.property(fc.array(file, { maxLength: 5 }), (files) => {
        const expected = createTar(files.map(([n, data]) => ({ name: n, data })), OPTIONS);
        expect(Buffer.from(ustarArchive(files)).equals(Buffer.from(expected))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it('reads back with nanotar', () => {
    const files = [['data.json', new TextEncoder().encode('{"a": 1}\n')], ['policy.wasm', new Uint8Array(1000).fill(7)]] as const;
    const back = parseTar(ustarArchive(files));
    expect(back.map((f) => [f.name, f.size])).toEqual([['data.json', 9], ['policy.wasm', 1000]]);
    expect(back[1]!.data).toEqual(files[1][1]);
  });
});
