/**
 * sha256HexOfParts takes node:crypto's digest in Node and @noble/hashes elsewhere: both
 * must give the same hex for the same parts (strings as UTF-8, lone surrogates included),
 * and the Node path must be the one taken here.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex, sha256HexOfParts } from '../../src/support/sha256.ts';

const part = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.uint8Array({ maxLength: 200 }));

describe('sha256HexOfParts', () => {
  it('native and portable digests agree', () => {
    // The native path exists here (else `true` below would silently be the portable one).
    expect(typeof (process as { getBuiltinModule?: unknown }).getBuiltinModule).toBe('function');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
        expect(sha256HexOfParts(parts, true)).toBe(sha256HexOfParts(parts, false));
      }),
      { numRuns: 300 },
    );
  });
  it('is SHA-256 of the concatenated UTF-8', () => {
    const expected = createHash('sha256').update(Buffer.from('abc\u00e9', 'utf8')).update(Buffer.from([1, 2])).digest('hex');
    expect(sha256HexOfParts(['abc', '\u00e9', new Uint8Array([1, 2])])).toBe(expected);
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
