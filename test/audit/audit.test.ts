/**
 * Independent spec audit: every test/audit/*.yaml fixture holds cases whose expectations
 * were derived by hand from the normative spec (language.md, elastic-privileges.md), not
 * from an engine run. The differential fuzz cannot catch a mistake both backends share
 * (they share the front end and the Kleene lowering); these cases can.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runTests } from '../../src/harness/test-run.ts';
import { buildPolicySetUnderTest } from '../../src/harness/policyset.ts';
import { defaultToolchain } from '../../src/harness/toolchain.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DIR = join(ROOT, 'test/audit');
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

describe('spec audit fixtures on both real engines', () => {
  it('has audit fixtures', () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    it(`${file}: every hand-derived case passes on Cedar and Rego`, async () => {
      const r = await runTests(
        { fixtures: [join(DIR, file)], reporter: 'text', coverage: false, isTTY: false, cwd: ROOT },
        (p) => buildPolicySetUnderTest(p, defaultToolchain),
      );
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/\n\d+ passed, 0 failed \(0 disagreements, 0 engine errors\)\n$/);
      expect(r.exitCode).toBe(0);
    }, 60_000);
  }
});
