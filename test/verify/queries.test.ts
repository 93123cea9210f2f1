/**
 * rolec verify / rolec diff on small policy sets, end to end: Z3 proves or refutes each
 * assert, every counterexample and witness is replayed on both real engines.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareVerifiedSet } from '../../src/verify/artefacts.ts';
import { verifyPolicySet } from '../../src/verify/run-verify.ts';
import { diffPolicySets } from '../../src/verify/run-diff.ts';

const SET = `
schema { user { level: Long  teams: Set<String> } document { team: String } context { mfa: Bool } }
role reader { index "logs-*" { privileges read; documents where user.teams.contains(document.team) } }
role writer includes reader { index "logs-*" privileges write }
role admin { cluster monitor  index "logs-*", ".security*" privileges all  where user.level >= 3 }
deny writes_need_mfa { index "logs-*" privileges write  unless context.mfa }
user "w" roles writer
group "admins" roles admin
`;

async function load(text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'rolec-verify-'));
  writeFileSync(join(dir, 'set.role'), text);
  const prepared = await prepareVerifiedSet([dir]);
  if (!prepared.ok) throw new Error(prepared.messages.join('\n'));
  return prepared.value;
}

describe('rolec verify (asserts)', () => {
  it('proves true asserts and refutes false ones with replayed counterexamples', async () => {
    const set = await load(
      SET +
        `
assert "only admins touch .security" { never index ".security*" privileges read unless role admin }
assert "only admins and superusers touch .security" { never index ".security*" privileges read unless role admin, superuser }
assert "no write without mfa" { never index "logs-*" privileges write when !context.mfa }
assert "anyone writes without mfa (false)" { never index "*" privileges write when !context.mfa }
assert "writers always write logs" { always index "logs-*" privileges write for role writer }
`,
    );
    const rep = await verifyPolicySet(set, {});
    const by = Object.fromEntries(rep.findings.map((f) => [f.assert, f]));
    // The built-in superuser reads everything: found, and replayed on both engines.
    const su = by['only admins touch .security']!;
    expect(su).toMatchObject({ status: 'counterexample', reasons: ['<builtin>:1:superuser'], replay: { cedar: 'allow', rego: 'allow' } });
    expect(su.counterexample!.principal.roles).toEqual(['superuser']);
    expect(by['only admins and superusers touch .security']!.status).toBe('proved');
    expect(by['no write without mfa']!.status).toBe('proved');
    expect(by['anyone writes without mfa (false)']!.status).toBe('counterexample');
    const w = by['writers always write logs']!;
    expect(w.status).toBe('counterexample');
    // The deny needs mfa: the counterexample is a write without it, denied by both engines.
    expect(w.counterexample!.context).toEqual({ mfa: false });
    expect(w.replay).toMatchObject({ cedar: 'deny', rego: 'deny' });
    expect(w.deniedBy).toEqual(['set.role:6:writes_need_mfa']);
    expect(rep.exitCode).toBe(1);
    // The emitted Cedar and Rego decide like the DSL on every request (both encodings are registered).
    expect(rep.equivalence.map((e) => [e.target, e.status])).toEqual([
      ['cedar', 'proved'],
      ['rego', 'proved'],
    ]);
  }, 300_000);
});

describe('rolec diff', () => {
  it('reports a widened grant as exactly that change, with a witness replayed on both versions', async () => {
    const before = await load(SET);
    const after = await load(SET.replace('role writer includes reader { index "logs-*" privileges write }', 'role writer includes reader { index "logs*" privileges write }'));
    const rep = await diffPolicySets(before.set, after.set, { maxPerDirection: 1 });
    expect(rep.changes.length).toBeGreaterThan(0);
    for (const c of rep.changes) {
      expect(c.direction).toBe('newly-allowed');
      expect(c.witness.resource.index!.startsWith('logs')).toBe(true);
      expect(c.witness.resource.index!.startsWith('logs-')).toBe(false);
      expect(c.replay).toMatchObject({ old: { cedar: 'deny', rego: 'deny' }, new: { cedar: 'allow', rego: 'allow' }, reproduces: true });
    }
    expect(rep.exitCode).toBe(1);
  }, 300_000);

  it('finds no semantic change between texts that differ only in form', async () => {
    const before = await load(SET);
    const after = await load(SET.replace('index "logs-*", ".security*" privileges all', 'index ".security*", "logs-*", "logs-*" privileges all'));
    const rep = await diffPolicySets(before.set, after.set, {});
    expect(rep.changes).toEqual([]);
    expect(rep.equivalent).toBe(true);
    expect(rep.exitCode).toBe(0);
  }, 300_000);
});
