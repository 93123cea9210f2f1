/**
 * Spec audit of compile-time rejections (language.md §2 "No input … produces output
 * silently", §3 patterns, §4 types, §6 scopes; elastic-privileges.md families): each
 * source below must fail to compile with the named code at the named line:col, and
 * produce no IR. Expected codes/positions were chosen from the spec's list of errors and
 * docs/diagnostics.md, then confirmed once with `rolec check`.
 */
import { describe, expect, it } from 'vitest';
import { checkSources } from '../../src/semantics/index.ts';

// E0501 points at the `?` itself.
const REJECTED: { why: string; text: string; code: string; at: string }[] = [
  { why: '`?` wildcard in an index pattern (no Cedar counterpart)', text: 'role r { index "lo?s" privileges read }', code: 'E0501', at: '1:19' },
  { why: '`?` wildcard in a run_as pattern', text: 'role r { run_as "sv?" }', code: 'E0501', at: '1:20' },
  { why: '`?` wildcard in an FLS pattern', text: 'role r { index "a" { privileges read; fields grant "a?" } }', code: 'E0501', at: '1:54' },
  { why: '`?` wildcard in an application resource', text: 'role r { application "k" { privileges "a"; resources "sp?" } }', code: 'E0501', at: '1:57' },
  { why: '`?` wildcard in a like pattern', text: 'role r { where principal.id like "a?b" cluster monitor }', code: 'E0501', at: '1:36' },
  { why: 'regular expression as an index pattern', text: 'role r { index "/lo.*/" privileges read }', code: 'E0502', at: '1:16' },
  { why: 'FLS except not inside any grant', text: 'role r { index "a" { privileges read; fields grant "a.*" except "b" } }', code: 'E0504', at: '1:65' },
  { why: 'billing admin on a deployment', text: 'assign user "x" cloud.billing_admin on deployment "d"', code: 'E0602', at: '1:40' },
  { why: 'organization owner on a deployment', text: 'assign user "x" cloud.organization_owner on deployment "d"', code: 'E0602', at: '1:45' },
  { why: 'organization owner on all deployments', text: 'assign user "x" cloud.organization_owner on all deployments', code: 'E0602', at: '1:45' },
  { why: 'a stack role in assign', text: 'assign user "x" superuser on all deployments', code: 'E0603', at: '1:17' },
  { why: 'a cloud role in a roles list', text: 'user "x" roles cloud.admin', code: 'E0208', at: '1:16' },
  { why: 'redefining a built-in stack role', text: 'role viewer { cluster monitor }', code: 'E0204', at: '1:6' },
  { why: 'duplicate role', text: 'role r { cluster monitor }\nrole r { cluster monitor }', code: 'E0201', at: '2:6' },
  { why: 'undefined role', text: 'user "x" roles nope', code: 'E0205', at: '1:16' },
  { why: 'cycle in includes', text: 'role a includes b { cluster monitor }\nrole b includes a { cluster monitor }', code: 'E0206', at: '2:17' },
  { why: 'unknown privilege', text: 'role r { index "a" privileges reed }', code: 'E0301', at: '1:31' },
  { why: 'index privilege under cluster', text: 'role r { cluster read }', code: 'E0302', at: '1:18' },
  { why: 'cloud privilege under cluster', text: 'role r { cluster manage_billing }', code: 'E0302', at: '1:18' },
  { why: 'cluster privilege in an index deny', text: 'deny d { index "a" privileges monitor_ml }', code: 'E0302', at: '1:31' },
  { why: 'attribute declared twice across schema blocks', text: 'schema { user { a: String } }\nschema { user { a: String } }', code: 'E0401', at: '2:17' },
  { why: 'attribute not in the schema', text: 'schema { user { a: String } }\nrole r { where user.b == "x" cluster monitor }', code: 'E0402', at: '2:16' },
  { why: 'no schema means no user attributes', text: 'role r { where user.a == "x" cluster monitor }', code: 'E0402', at: '1:16' },
  { why: 'ordering Strings', text: 'schema { user { a: String } }\nrole r { where user.a < "b" cluster monitor }', code: 'E0403', at: '2:23' },
  { why: 'comparing String with Long', text: 'schema { user { a: String n: Long } }\nrole r { where user.a == user.n cluster monitor }', code: 'E0403', at: '2:23' },
  { why: 'containsAll on a non-set', text: 'schema { user { a: String } }\nrole r { where user.a.containsAll(["x"]) cluster monitor }', code: 'E0403', at: '2:23' },
  { why: 'invalid CIDR', text: 'schema { context { ip: IpAddr } }\nrole r { where context.ip.isInRange(ip("10.0.0.0/33")) cluster monitor }', code: 'E0406', at: '2:40' },
  { why: 'integer beyond 2^53-1', text: 'schema { user { n: Long } }\nrole r { where user.n < 9007199254740992 cluster monitor }', code: 'E0105', at: '2:25' },
];

describe('compile-time rejections required by the spec', () => {
  for (const r of REJECTED) {
    it(`${r.code} ${r.why}`, () => {
      const { ir, diagnostics } = checkSources([{ path: 'a.role', text: r.text }]);
      expect(ir, 'no output on error').toBeUndefined();
      const errors = diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.span.file}:${d.span.start.line}:${d.span.start.col}`);
      expect(errors).toContain(`${r.code} a.role:${r.at}`);
    });
  }

  it('accepts integers at ±(2^53−1)', () => {
    const { ir, diagnostics } = checkSources([{ path: 'a.role', text: 'schema { user { n: Long } }\nrole r { where user.n > -9007199254740991 && user.n < 9007199254740991 cluster monitor }' }]);
    expect(diagnostics).toEqual([]);
    expect(ir).toBeDefined();
  });
});
