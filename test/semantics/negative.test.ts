/**
 * The semantic negative corpus: each input has exactly one problem, and the test asserts
 * its code and its line:col — and that no IR is produced when it is an error.
 */
import { describe, expect, it } from 'vitest';
import { checkSources } from '../../src/semantics/index.ts';

const SCHEMA = `schema {
  user { dept: String  level: Long  tags: Set<String>  nums: Set<Long>  email?: String }
  document { dept: String  level: Long  tags: Set<String> }
  context { mfa: Bool  ip: IpAddr }
}
`;
// SCHEMA is 5 lines: cases below that use it start on line 6.

interface Case {
  name: string;
  src: string;
  code: string;
  at: string; // line:col
}

const CASES: Case[] = [
  { name: 'duplicate role', src: 'role a { cluster monitor }\nrole a { cluster monitor }', code: 'E0201', at: '2:6' },
  { name: 'duplicate deny', src: 'deny d { cluster manage }\ndeny d { cluster all }', code: 'E0202', at: '2:6' },
  { name: 'duplicate mapping', src: 'mapping m { roles viewer }\nmapping m { roles editor }', code: 'E0203', at: '2:9' },
  { name: 'role named like a built-in', src: 'role superuser { cluster monitor }', code: 'E0204', at: '1:6' },
  { name: 'undefined role in includes', src: 'role a includes nope { cluster monitor }', code: 'E0205', at: '1:17' },
  { name: 'undefined role in an assignment', src: 'role a { cluster monitor }\nuser "jane" roles a, ghost', code: 'E0205', at: '2:22' },
  { name: 'undefined role in a mapping', src: 'mapping m {\n  roles phantom\n}', code: 'E0205', at: '2:9' },
  { name: 'undefined role in deny for role', src: 'deny d for role ghost { cluster manage }', code: 'E0205', at: '1:17' },
  { name: 'includes cycle', src: 'role a includes b { cluster monitor }\nrole b includes a { cluster monitor }', code: 'E0206', at: '2:17' },
  { name: 'self include', src: 'role a includes a { cluster monitor }', code: 'E0206', at: '1:17' },
  { name: 'dotted role name', src: 'role cloud.boss { cluster monitor }', code: 'E0207', at: '1:6' },
  { name: 'cloud role in a roles list', src: 'user "x" roles cloud.admin', code: 'E0208', at: '1:16' },
  { name: 'unknown cluster privilege', src: 'role a { cluster monitr }', code: 'E0301', at: '1:18' },
  { name: 'unknown index privilege', src: 'role a {\n  index "logs-*" privileges reed\n}', code: 'E0301', at: '2:29' },
  { name: 'index privilege under cluster', src: 'role a { cluster monitor, view_index_metadata }', code: 'E0302', at: '1:27' },
  { name: 'cluster privilege under index', src: 'role a { index "x" privileges manage_security }', code: 'E0302', at: '1:31' },
  { name: 'index privilege in a cloud deny', src: 'deny d { cloud read }', code: 'E0302', at: '1:16' },
  { name: 'attribute declared twice across blocks', src: `${SCHEMA}schema { user { dept: String } }`, code: 'E0401', at: '6:17' },
  { name: 'unknown user attribute', src: `${SCHEMA}role a { cluster monitor where user.department == "x" }`, code: 'E0402', at: '6:32' },
  { name: 'unknown operand root', src: `${SCHEMA}role a { cluster monitor where request.x == "x" }`, code: 'E0402', at: '6:32' },
  { name: 'String compared with Long', src: `${SCHEMA}role a { index "x" { privileges read documents where document.dept == 3 } }`, code: 'E0403', at: '6:68' },
  { name: 'ordering on Strings', src: `${SCHEMA}role a { cluster monitor where user.dept < "m" }`, code: 'E0403', at: '6:42' },
  { name: 'set method on a non-set', src: `${SCHEMA}role a { cluster monitor where user.dept.contains("x") }`, code: 'E0403', at: '6:42' },
  { name: 'set element type mismatch', src: `${SCHEMA}role a { cluster monitor where user.nums.contains("x") }`, code: 'E0403', at: '6:51' },
  { name: 'containsAll with a Set<Long> on a Set<String>', src: `${SCHEMA}role a { cluster monitor where user.tags.containsAll(user.nums) }`, code: 'E0403', at: '6:54' },
  { name: 'IpAddr compared with ==', src: `${SCHEMA}role a { cluster monitor where context.ip == ip("10.0.0.1") }`, code: 'E0403', at: '6:43' },
  { name: 'isInRange on a String', src: `${SCHEMA}role a { cluster monitor where user.dept.isInRange(ip("10.0.0.0/8")) }`, code: 'E0403', at: '6:42' },
  { name: 'like on a Long', src: `${SCHEMA}role a { cluster monitor where user.level like "1*" }`, code: 'E0403', at: '6:32' },
  { name: 'document attribute in a role-level where', src: `${SCHEMA}role a { cluster monitor where document.dept == "x" }`, code: 'E0404', at: '6:32' },
  { name: 'document attribute in a mapping when', src: `${SCHEMA}mapping m { roles viewer when document.level > 1 }`, code: 'E0404', at: '6:31' },
  { name: 'non-Bool operand as condition', src: `${SCHEMA}role a { cluster monitor where user.dept }`, code: 'E0405', at: '6:32' },
  { name: 'invalid CIDR', src: `${SCHEMA}role a { cluster monitor where context.ip.isInRange(ip("10.0.0.0/33")) }`, code: 'E0406', at: '6:56' },
  { name: 'mixed set literal', src: `${SCHEMA}role a { cluster monitor where user.dept in ["a", 1] }`, code: 'E0407', at: '6:51' },
  { name: '? wildcard in an index pattern', src: 'role a { index "log?-*" privileges read }', code: 'E0501', at: '1:20' },
  { name: '? wildcard in run_as', src: 'role a {\n  run_as "svc-?"\n}', code: 'E0501', at: '2:15' },
  { name: 'regex pattern', src: 'role a { index "/logs-[0-9]+/" privileges read }', code: 'E0502', at: '1:16' },
  { name: 'empty pattern', src: 'role a { index "" privileges read }', code: 'E0503', at: '1:16' },
  {
    name: 'FLS except outside grant',
    src: 'role a {\n  index "x" {\n    privileges read\n    fields grant "public.*" except "secret.key"\n  }\n}',
    code: 'E0504',
    at: '4:36',
  },
  { name: 'unknown cloud role', src: 'assign user "x" cloud.superadmin on organization', code: 'E0601', at: '1:17' },
  { name: 'billing admin on a deployment', src: 'assign user "x" cloud.billing_admin on deployment "prod"', code: 'E0602', at: '1:40' },
  { name: 'organization owner on all deployments', src: 'assign user "x" cloud.organization_owner on all deployments', code: 'E0602', at: '1:45' },
  { name: 'admin on organization', src: 'assign api_key "k" cloud.admin on organization', code: 'E0602', at: '1:35' },
  { name: 'stack role in assign', src: 'assign user "x" superuser on organization', code: 'E0603', at: '1:17' },
  { name: 'cloud role in deny for role', src: 'deny d for role cloud.viewer { cluster manage }', code: 'E0208', at: '1:17' },
  { name: 'cloud role in includes', src: 'role a includes cloud.admin { cluster monitor }', code: 'E0208', at: '1:17' },
  { name: 'has on a literal', src: `${SCHEMA}role a { cluster monitor where has "x" }`, code: 'E0408', at: '6:36' },
  { name: 'string literal as a condition', src: `${SCHEMA}role a { cluster monitor where "yes" }`, code: 'E0405', at: '6:32' },
  { name: 'in on a non-set', src: `${SCHEMA}role a { cluster monitor where "a" in user.dept }`, code: 'E0403', at: '6:39' },
  { name: 'unknown context attribute in a deny', src: `${SCHEMA}deny d { cluster manage unless context.vpn }`, code: 'E0402', at: '6:32' },
  { name: '? in an FLS grant', src: 'role a { index "x" { privileges read fields grant "a?" } }', code: 'E0501', at: '1:53' },
  { name: '? in a like pattern', src: 'mapping m { roles viewer when principal.id like "svc-?" }', code: 'E0501', at: '1:54' },
  { name: 'unknown cloud privilege in a deny', src: 'deny d { cloud manage_everything }', code: 'E0301', at: '1:16' },
  { name: 'wrong family in a deny index target', src: 'deny d { index "x" privileges manage_ccr }', code: 'E0302', at: '1:31' },
];

describe('semantic negative corpus', () => {
  it('has at least 15 inputs', () => expect(CASES.length).toBeGreaterThanOrEqual(15));

  it.each(CASES)('$name → $code at $at', ({ src, code, at }) => {
    const { ir, diagnostics } = checkSources([{ path: 't.role', text: src }]);
    const syntax = diagnostics.filter((d) => d.code.startsWith('E01'));
    expect(syntax, 'input must be syntactically valid').toEqual([]);
    const found = diagnostics.map((d) => `${d.code}@${d.span.start.line}:${d.span.start.col}`);
    expect(found).toContain(`${code}@${at}`);
    expect(diagnostics.filter((d) => d.severity === 'error')).toHaveLength(1);
    expect(ir).toBeUndefined();
  });
});

describe('warnings', () => {
  const warn = (src: string) => checkSources([{ path: 't.role', text: src }]);
  it('has on a required attribute warns (always true) and still compiles', () => {
    const { ir, diagnostics } = warn(`${SCHEMA}role a { cluster monitor where has user.dept }`);
    expect(diagnostics.map((d) => `${d.code}@${d.span.start.line}:${d.span.start.col}`)).toEqual(['W0201@6:32']);
    expect(ir).toBeDefined();
  });
  it('has on an optional attribute is silent', () => {
    expect(warn(`${SCHEMA}role a { cluster monitor where has user.email }`).diagnostics).toEqual([]);
  });
  it('duplicate privilege and none with others warn', () => {
    const { ir, diagnostics } = warn('role a { cluster monitor, monitor, none }');
    expect(diagnostics.map((d) => d.code)).toEqual(['W0202', 'W0203']);
    expect(ir!.roles.find((r) => r.name === 'a')!.permissions[0]).toMatchObject({ privileges: ['monitor', 'none'] });
  });
});

describe('all errors are reported', () => {
  it('reports every error of a multi-error set across files, sorted', () => {
    const a = `${SCHEMA}role r1 includes missing { cluster monitr }
role r2 { index "a?" privileges read, manage_security }
role r3 { cluster monitor where user.nope == 1 && document.dept == "x" }`;
    const b = `role r1 { cluster monitor }
user "u" roles r9, cloud.viewer
assign user "v" cloud.billing_admin on all deployments
deny d for role ghost { index "x" privileges reed }`;
    const { ir, diagnostics } = checkSources([
      { path: 'b.role', text: b },
      { path: 'a.role', text: a },
    ]);
    expect(ir).toBeUndefined();
    expect(diagnostics.map((d) => `${d.span.file}:${d.span.start.line}:${d.span.start.col} ${d.code}`)).toEqual([
      'a.role:6:18 E0205',
      'a.role:6:36 E0301',
      'a.role:7:19 E0501',
      'a.role:7:39 E0302',
      'a.role:8:33 E0402',
      'a.role:8:51 E0404',
      'b.role:1:6 E0201',
      'b.role:2:16 E0205',
      'b.role:2:20 E0208',
      'b.role:3:40 E0602',
      'b.role:4:17 E0205',
      'b.role:4:46 E0301',
    ]);
  });

  it('never throws, whatever the text', () => {
    const junk = ['role', 'role a includes', 'deny d {', 'mapping m { when user. }', 'assign user "x" cloud.admin on', 'schema { user { a: } }', 'role a { index "x" { documents where ((( } }', '}}}{{{', 'role a { where !!!x.contains() }'];
    for (const text of junk) expect(() => checkSources([{ path: 'j.role', text }])).not.toThrow();
  });
});

describe('includes graphs', () => {
  it('reports the cycle path', () => {
    const { diagnostics } = checkSources([{ path: 'c.role', text: 'role a includes b { cluster monitor }\nrole b includes c { cluster monitor }\nrole c includes a { cluster monitor }' }]);
    expect(diagnostics.map((d) => d.message)).toEqual(['cycle in includes: a → b → c → a']);
  });
  it('handles a 20,000-role include chain without overflowing the stack', () => {
    const n = 20_000;
    const lines = Array.from({ length: n }, (_, i) => `role r${i}${i + 1 < n ? ` includes r${i + 1}` : ' includes r0'} { cluster monitor }`);
    const { diagnostics } = checkSources([{ path: 'chain.role', text: lines.join('\n') }]);
    expect(diagnostics.filter((d) => d.code === 'E0206')).toHaveLength(1);
  });
});

describe('deny conditions on targets without documents', () => {
  it('warns that a cluster deny reading document attributes always fires', () => {
    const { ir, diagnostics } = checkSources([
      { path: 'w.role', text: `${SCHEMA}deny d {\n  cluster manage\n  when document.level > 3\n}` },
    ]);
    expect(diagnostics.map((d) => `${d.code}@${d.span.start.line}:${d.span.start.col}`)).toEqual(['W0204@8:3']);
    expect(ir).toBeDefined();
  });
  it('is silent for index denies', () => {
    expect(checkSources([{ path: 'w.role', text: `${SCHEMA}deny d { index "x" privileges read when document.level > 3 }` }]).diagnostics).toEqual([]);
  });
});

describe('principal.type literals', () => {
  it('warns on a principal.type that cannot occur', () => {
    const { diagnostics } = checkSources([{ path: 'p.role', text: 'mapping m { roles viewer when principal.type == "service" }' }]);
    expect(diagnostics.map((d) => `${d.code}@${d.span.start.line}:${d.span.start.col}`)).toEqual(['W0205@1:49']);
    expect(checkSources([{ path: 'p.role', text: 'mapping m { roles viewer when principal.type == "api_key" }' }]).diagnostics).toEqual([]);
  });
});

describe('syntax and semantic errors together', () => {
  it('reports both, across files, and produces no IR', () => {
    const { ir, diagnostics } = checkSources([
      { path: 'a.role', text: 'role a { cluster monitor ' },
      { path: 'b.role', text: 'user "u" roles nobody' },
    ]);
    expect(ir).toBeUndefined();
    const codes = diagnostics.map((d) => `${d.span.file} ${d.code}`);
    expect(codes.some((c) => /^a\.role E01\d\d$/.test(c))).toBe(true);
    expect(codes).toContain('b.role E0205');
  });
});
