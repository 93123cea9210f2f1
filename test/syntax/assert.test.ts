/** `assert` declarations: parsing, structural errors (E0130/E0131), semantic checks (E08xx). */
import { describe, expect, it } from 'vitest';
import { checkSources } from '../../src/semantics/index.ts';

const BASE = `
schema { user { level: Long } }
role security_admin { index ".security*" privileges all }
role reader { index "logs-*" privileges read }
`;

function check(text: string) {
  const r = checkSources([{ path: 'a.role', text: BASE + text }]);
  return { ir: r.ir, codes: r.diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.col}`) };
}

describe('assert declarations', () => {
  it('parse into the IR with quantifier, target, scope, exemptions and condition', () => {
    const { ir, codes } = check(`
assert "only security admins touch .security" {
  never index ".security*" privileges write
  unless role security_admin
}
assert "readers read logs" { always index "logs-*" privileges read for role reader when user.level >= 1 }
`);
    expect(codes).toEqual([]);
    expect(ir!.asserts).toMatchObject([
      { name: 'only security admins touch .security', quantifier: 'never', exempt: ['security_admin'], target: { kind: 'index', names: { patterns: ['.security*'] }, privileges: ['write'] } },
      { name: 'readers read logs', quantifier: 'always', forRole: 'reader', exempt: [], when: { kind: 'compare', op: '>=' } },
    ]);
    expect(ir!.asserts![0]!.id).toBe('a.role:6:assert:only security admins touch .security');
  });

  it('a policy set without asserts has no asserts field (the IR of existing sets is unchanged)', () => {
    expect(check('').ir).not.toHaveProperty('asserts');
  });

  it('reports a missing quantifier, a missing or second target, duplicates and misuse', () => {
    const { codes } = check(`
assert "a" { index "x" privileges read }
assert "b" { never }
assert "c" { never cluster monitor index "x" privileges read }
assert "c" { never cluster monitor unless role nobody }
assert "d" { always cluster monitor unless role reader }
assert "e" { never cluster monitor when user.nope == 1 }
`);
    expect(codes).toEqual(['E0130 6:1', 'E0131 7:1', 'E0131 8:36', 'E0801 9:8', 'E0205 9:48', 'E0802 10:49', 'E0402 11:41']);
  });
});

describe('rolec fmt on asserts', () => {
  it('keeps every part of an assert, in the canonical layout, and is idempotent', async () => {
    const { formatRoleSource } = await import('../../src/syntax/print.ts');
    const text = `${BASE}
// why
assert "x" { never index ".security*" privileges write
  unless role security_admin when user.level < 2 }

assert "y" { always cluster monitor
  for user "bob" }
`;
    const once = formatRoleSource('a.role', text);
    if (!once.ok) throw new Error(JSON.stringify(once.diagnostics));
    const out = once.text;
    expect(out).toContain('assert "x" {\n  never index ".security*" privileges write\n  unless role security_admin\n  when user.level < 2\n}');
    expect(out).toContain('// why\nassert "x"');
    expect(out).toContain('assert "y" {\n  always cluster monitor\n  for user "bob"\n}');
    expect(formatRoleSource('a.role', out)).toMatchObject({ ok: true, text: out });
    // The formatted file means the same: same asserts in the IR.
    const before = checkSources([{ path: 'a.role', text }]).ir!.asserts;
    const after = checkSources([{ path: 'a.role', text: out }]).ir!.asserts;
    expect(after!.map((a) => [a.name, a.quantifier, a.exempt, a.forUser])).toEqual(before!.map((a) => [a.name, a.quantifier, a.exempt, a.forUser]));
  });
});
