/**
 * Issue 12: a decision's cost must not grow with the number of roles when the request
 * touches a few. Counted, not timed: the same requests on a generated policy set of 40
 * and of 400 roles run exactly as many VM statements (a scan over a data table, e.g.
 * `some role in data.rolec.permissions` instead of a lookup, adds statements per role)
 * and about as many key comparisons (object lookups go through a hash index: a binary
 * search would add ~log2(n) per lookup, tens per decision). The counters are the VM's
 * rolec_vm_exec_steps / rolec_vm_lookup_steps exports (src/regowasm/vm/index.ts).
 */
import { describe, expect, it } from 'vitest';
import type { RegoEngine } from '../../../src/engines/rego.ts';
import type { Request } from '../../../src/request/types.ts';
import { checkSources } from '../../../src/semantics/index.ts';
import { compiler, engineFor } from './engine-for.ts';

const SCHEMA = `schema {
  user { department: String  clearance: Long }
  document { department: String  level: Long }
  context { mfa: Bool  source_ip: IpAddr }
}
`;

/** n roles in the shape of bench/frontend.bench.ts: includes, role-level where, FLS/DLS,
 *  run_as, application, users, mappings and denies spread over the roles. */
function roleSet(n: number): { path: string; text: string }[] {
  const roles: string[] = [];
  for (let i = 0; i < n; i++) {
    const lines = [`role team_${i}${i % 5 === 4 ? ` includes team_${i - 1}, team_${i - 2}` : ''} {`, '  cluster monitor'];
    lines.push(
      `  index "logs-team${i}-*" except "logs-team${i}-internal-*" {`,
      '    privileges read',
      '    fields grant "*" except "secret.*"',
      '    documents where document.department == user.department && document.level <= user.clearance',
      '  }',
    );
    if (i % 4 === 0) lines.push(`  run_as "svc-team${i}-*"`);
    if (i % 3 === 1) lines.push('  application "kibana" {', '    privileges "read"', `    resources "space:team${i}"`, '  }');
    if (i % 7 === 0) lines.push('  where context.mfa && context.source_ip.isInRange(ip("10.0.0.0/8"))');
    lines.push('}', `user "user${i}" roles team_${i}`);
    if (i % 10 === 0) lines.push(`mapping map_${i} {`, `  roles team_${i}`, `  when principal.realm == "ldap" && "cn=team${i}" in principal.groups`, '}');
    if (i % 20 === 0) lines.push(`deny deny_${i} {`, `  index "prod-team${i}-*" privileges write`, '  unless context.mfa', '}');
    roles.push(lines.join('\n'));
  }
  return [{ path: 'schema.role', text: SCHEMA }, { path: 'teams.role', text: roles.join('\n\n') }];
}

const user = { department: 'sales', clearance: 3 };
const context = { mfa: true, source_ip: '10.1.2.3' };
const requests: Request[] = [
  { principal: { type: 'user', id: 'user9', attributes: user }, action: 'read', resource: { type: 'index', index: 'logs-team8-a' }, context },
  { principal: { type: 'user', id: 'user14', attributes: user }, action: 'read', resource: { type: 'document', index: 'logs-team14-a', attributes: { department: 'sales', level: 1 } }, context },
  { principal: { type: 'user', id: 'user3', attributes: user }, action: 'read', resource: { type: 'field', index: 'logs-team3-a', field: 'secret.x' }, context },
  { principal: { type: 'user', id: 'nobody', realm: 'ldap', groups: ['cn=team10', 'cn=other'], attributes: user }, action: 'monitor', resource: { type: 'cluster' }, context },
  { principal: { type: 'user', id: 'user20', roles: ['team_4', 'no_such_role'], attributes: user }, action: 'write', resource: { type: 'index', index: 'prod-team20-x' }, context: { ...context, mfa: false } },
  { principal: { type: 'api_key', id: 'user8', attributes: user }, action: 'run_as', resource: { type: 'user', name: 'svc-team8-bot' }, context },
  { principal: { type: 'user', id: 'user1', attributes: user }, action: 'read', resource: { type: 'application', application: 'kibana', resource: 'space:team1' }, context },
];

interface Work { decision: unknown; exec: number; lookups: number }

function work(engine: RegoEngine, r: Request): Work {
  const ex = (engine as unknown as { policy: { wasmInstance: { exports: Record<string, () => number> } } }).policy.wasmInstance.exports;
  const e0 = ex.rolec_vm_exec_steps!(), l0 = ex.rolec_vm_lookup_steps!();
  const answer = engine.evaluate(r);
  if (!answer.ok) throw new Error(answer.error.message);
  return { decision: answer.decision, exec: ex.rolec_vm_exec_steps!() - e0, lookups: ex.rolec_vm_lookup_steps!() - l0 };
}

describe.skipIf(!compiler)('per-request work of the emitted Rego on the VM', () => {
  it('does not grow from 40 to 400 roles for requests that touch a few roles', async () => {
    const measure = async (n: number) => {
      const { ir, diagnostics } = checkSources(roleSet(n));
      if (!ir) throw new Error(diagnostics.map((d) => d.message).join('; '));
      const engine = await engineFor(ir);
      return requests.map((r) => work(engine, r));
    };
    const small = await measure(40);
    const large = await measure(400);
    expect(large.map((w) => w.decision)).toEqual(small.map((w) => w.decision));
    // both allow and deny are exercised
    expect(new Set(small.map((w) => (w.decision as { decision: string }).decision))).toEqual(new Set(['allow', 'deny']));
    expect(large.map((w) => w.exec)).toEqual(small.map((w) => w.exec));
    // Tables under 16 keys are binary-searched (a few comparisons more once they pass it).
    large.forEach((w, i) => expect(w.lookups).toBeLessThanOrEqual(small[i]!.lookups + 8));
  }, 120_000);
});
