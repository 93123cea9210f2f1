/** src/support/ip.ts accepts exactly what Node's net.isIP accepts, family included. */
import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipFamily } from '../../src/support/ip.ts';

const hex = fc.stringMatching(/^[0-9a-fA-F]{0,5}$/);
const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.stringMatching(/^0\d{1,2}$/), fc.constant(''));
const v4 = fc.array(octet, { minLength: 3, maxLength: 5 }).map((a) => a.join('.'));
const v6 = fc
  .tuple(fc.array(fc.oneof(hex, v4, fc.constant('')), { minLength: 1, maxLength: 10 }), fc.option(fc.stringMatching(/^[a-z0-9.%-]{0,4}$/)))
  .map(([gs, zone]) => gs.join(':') + (zone === null ? '' : `%${zone}`));
const noisy = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.%/- xg'.split('')), maxLength: 45 });

describe('ipFamily', () => {
  it('agrees with net.isIP on structured and noisy strings (30,000 cases)', () => {
    fc.assert(fc.property(fc.oneof(v4, v6, noisy), (s) => ipFamily(s) === isIP(s)), { numRuns: 30_000 });
  });

  it('knows the usual spellings', () => {
    for (const [s, f] of [['10.0.0.1', 4], ['::', 6], ['::1', 6], ['1::', 6], ['::ffff:1.2.3.4', 6], ['fe80::1%eth0', 6], ['1:2:3:4:5:6:7:8', 6], ['1:2:3:4:5:6:1.2.3.4', 6]] as const) {
      expect(ipFamily(s), s).toBe(f);
      expect(isIP(s), s).toBe(f);
    }
    for (const s of ['01.1.1.1', '256.1.1.1', '1.2.3', ':::', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', '']) expect(ipFamily(s), s).toBe(0);
  });
});
