/**
 * Regression for a bug the spec audit found: IPv4-mapped and dotted IPv6 spellings were
 * accepted, and the engines read them differently — Cedar's ip() rejects dotted IPv6
 * (`::ffff:10.1.2.3`: an engine error) and reads `::ffff:a01:203` as IPv6 (not in
 * 10.0.0.0/8), while OPA (as Go and Java) reads it as the IPv4 address 10.1.2.3. A policy
 * literal `ip("::ffff:0:0/96")` likewise matched every IPv4 address in Rego and none in
 * Cedar. language.md §3/§2: both targets must decide identically, and what a target cannot
 * express is an error; product.md "Requests": an invalid request gets a clear error, never
 * a decision. Both spellings are now rejected: in requests (validation) and in literals (E0406).
 */
import { describe, expect, it } from 'vitest';
import { checkSources } from '../../src/semantics/index.ts';
import { requestSchema } from '../../src/request/schema.ts';
import { requestValidator } from '../../src/request/validate.ts';

const SET = 'schema { context { ip: IpAddr } }\nrole net { where context.ip.isInRange(ip("10.0.0.0/8")) index "n-*" privileges read }\n';
const ir = checkSources([{ path: 'a.role', text: SET }]).ir!;
const validate = requestValidator(requestSchema(ir));
const request = (ip: string) => ({ principal: { type: 'user', id: 'u' }, action: 'read', resource: { type: 'index', index: 'n-1' }, context: { ip } });

describe('IPv4-mapped / dotted IPv6 spellings are rejected, never decided', () => {
  it.each(['::ffff:10.1.2.3', '::ffff:a01:203', '::FFFF:A01:203', '0:0:0:0:0:ffff:a01:203', '0::ffff:a01:203', '0:0:0:0:0:ffff::', '::10.1.2.3'])(
    'request ip %s is invalid with a message that says why',
    (ip) => {
      const issues = validate(request(ip));
      expect(issues).toHaveLength(1);
      expect(issues[0]!.pointer).toBe('/context/ip');
      expect(issues[0]!.message).toMatch(/IPv4-mapped .* not accepted/);
    },
  );

  it.each(['10.1.2.3', '::1', '::', '::ffff:1', '::a01:203', '2001:db8::1', '::ffff:0:1:2'])('request ip %s stays valid', (ip) => {
    expect(validate(request(ip))).toEqual([]);
  });

  it('malformed addresses keep the plain message', () => {
    expect(validate(request('10.1.2'))).toEqual([{ pointer: '/context/ip', message: 'must be an IPv4 or IPv6 address' }]);
  });

  it.each(['::ffff:0:0/96', '::ffff:10.0.0.0/104', '::ffff:a01:203'])('literal ip("%s") is E0406 and produces no IR', (lit) => {
    const r = checkSources([{ path: 'a.role', text: `schema { context { ip: IpAddr } }\nrole m { where context.ip.isInRange(ip("${lit}")) cluster monitor }\n` }]);
    expect(r.ir).toBeUndefined();
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.start.line}:${d.span.start.col}`)).toEqual(['E0406 2:40']);
  });
});
