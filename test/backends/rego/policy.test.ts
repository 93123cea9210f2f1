import { describe, expect, it } from 'vitest';
import { generateRego } from '../../../src/backends/rego/bundle.ts';
import { parseRego } from '../../../src/regowasm/syntax/index.ts';
import type { AssignmentIR, Cond } from '../../../src/semantics/ir.ts';
import { attr, clusterPerm, deny, eq, indexPerm, policySet, role, s } from './ir-builders.ts';

function parsesAll(modules: { path: string; source: string }[]): void {
  for (const m of modules) expect(parseRego(m.path, m.source).diagnostics).toEqual([]);
}

describe('generated Rego and data', () => {
  it('keeps role permissions as data, one entry per DSL permission with its rule id', () => {
    const ir = policySet({ roles: [role('ops', [clusterPerm('ops', ['monitor'])])] });
    const { modules, data } = generateRego(ir);
    parsesAll(modules);
    const id = ir.roles.find((r) => r.name === 'ops')!.permissions[0]!.id;
    expect(data.rolec.permissions.ops).toEqual({ cluster: [{ id, privileges: ['monitor'] }] });
    const policy = modules.find((m) => m.path === 'rolec/authz/policy.rego')!.source;
    for (const set of ['role_conditions_true', 'mapping_conditions_true', 'document_conditions_true', 'deny_conditions_fire']) {
      expect(policy).toContain(`${set} := set()`);
    }
    expect(data.rolec.denies).toEqual({ entries: {}, index: {}, cluster: {}, cloud: {}, run_as: [], application: [] });
    expect(data.rolec.mappings).toEqual({ by_group: {}, by_id: {}, by_realm: {} });
  });

  it('escapes glob metacharacters other than * in patterns', () => {
    const ir = policySet({ roles: [role('odd', [indexPerm('odd', ['a?b*', 'x[1]{2}\\*'], ['read'])])] });
    const { data } = generateRego(ir);
    expect(data.rolec.permissions.odd!.index![0]!.names).toEqual(['a\\?b*', 'x\\[1\\]\\{2\\}\\\\*']);
  });

  it('guards optional attributes with type tests, shares identical document conditions, lowers a deny through denyFires', () => {
    const owner = attr('document', 'owner', 'String', true);
    const cond = eq(owner, attr('user', 'name', 'String'));
    const ir = policySet({
      roles: [
        role('r', [indexPerm('r', ['docs-*'], ['read'], { documents: cond })]),
        role('q', [indexPerm('q', ['more-*'], ['read'], { documents: cond })]),
      ],
      denies: [
        deny('no_owner', { kind: 'index', names: { patterns: ['docs-*'], except: [] }, privileges: ['read'] }, {
          overlapping: ['all', 'read'],
          condition: { mode: 'when', cond: eq(owner, s('root')) },
        }),
      ],
    });
    const { modules, data } = generateRego(ir);
    parsesAll(modules);
    const policy = modules[1]!.source;
    // grant: T(c) = present(owner) ∧ atom — one rule for both permissions
    expect(policy).toMatch(
      /# documents where document\.owner == user\.name\n# {3}test\.role:\d+:3 role q \(test\.role:\d+:q\)\n# {3}test\.role:\d+:3 role r \(test\.role:\d+:r\)\ndocument_conditions_true contains "d1" if \{\n\tis_string\(input\.resource\.attributes\.owner\)\n\tinput\.resource\.attributes\.owner == input\.principal\.attributes\.name\n\}/,
    );
    expect(data.rolec.permissions.q!.index![0]!.documents).toBe('d1');
    expect(data.rolec.permissions.r!.index![0]!.documents).toBe('d1');
    // the deny is data, filed under every action it overlaps; its condition is shared code
    const denyId = ir.denies[0]!.id;
    expect(data.rolec.denies.index).toEqual({ all: { 'docs-': [denyId] }, read: { 'docs-': [denyId] } });
    expect(data.rolec.denies.entries[denyId]).toEqual({ id: denyId, names: ['docs-*'], except: [], condition: 'c1' });
    // deny when c: fires on ¬F(c), F(c) = present ∧ ¬atom, via a helper rule
    expect(policy).toContain('deny_conditions_fire contains "c1" if {\n\tnot deny_conditions_fire_c1\n}');
    expect(policy).toContain('deny_conditions_fire_c1 if {\n\tis_string(input.resource.attributes.owner)\n\tnot input.resource.attributes.owner == "root"\n}');
  });

  it('indexes mappings by a key conjunct (or keeps a held_roles rule) and shares role-level where conditions', () => {
    const realm = { kind: 'prop' as const, prop: 'principal.realm' as const, type: 'String' as const, optional: true };
    const groups = { kind: 'prop' as const, prop: 'principal.groups' as const, type: 'Set<String>' as const, optional: false };
    const team = eq(attr('user', 'team', 'String'), s('sre'));
    const mapping = (line: number, when: Cond, roles: string[]): AssignmentIR => {
      const id = `m.role:${line}:m${line}`;
      return { id, loc: { file: 'm.role', line, col: 1 }, holder: { kind: 'mapping', id, when }, roles };
    };
    const ir = policySet({
      roles: [
        role('g', [clusterPerm('g', ['monitor'])], { where: { kind: 'or', args: [{ kind: 'truthy', expr: attr('context', 'mfa', 'Bool') }, team] } }),
        role('h', [clusterPerm('h', ['monitor'])], { where: { kind: 'or', args: [{ kind: 'truthy', expr: attr('context', 'mfa', 'Bool') }, team] } }),
      ],
      assignments: [
        mapping(3, eq(realm, s('ldap1')), ['superuser', 'g']),
        mapping(4, { kind: 'and', args: [team, { kind: 'in', elem: s('cn=a'), set: groups }] }, ['h']),
        mapping(5, { kind: 'and', args: [{ kind: 'in', elem: s('cn=a'), set: groups }, team] }, ['g']),
        mapping(6, team, ['h']),
      ],
    });
    const { modules, data } = generateRego(ir);
    parsesAll(modules);
    const policy = modules[1]!.source;
    // realm: the lookup decides the conjunct and its presence test, nothing is left
    expect(data.rolec.mappings.by_realm).toEqual({ ldap1: [{ id: 'm.role:3:m3', roles: ['g', 'superuser'] }] });
    // a group conjunct wherever it stands; the identical rest is one shared rule
    expect(data.rolec.mappings.by_group).toEqual({ 'cn=a': [{ id: 'm.role:4:m4', roles: ['h'], when: 'm1' }, { id: 'm.role:5:m5', roles: ['g'], when: 'm1' }] });
    expect(policy).toMatch(/mapping_conditions_true contains "m1" if \{\n\tinput\.principal\.attributes\.team == "sre"\n\}/);
    expect(policy.match(/mapping_conditions_true contains/g)).toHaveLength(1);
    // no key: a held_roles rule of its own
    expect(policy).toContain('# m.role:6:m6 mapping: roles h when user.team == "sre"\nheld_roles contains role if {\n\tinput.principal.attributes.team == "sre"\n\tsome role in ["h"]\n}');
    // an `or` becomes a helper with one body per branch; g and h share one where rule
    expect(policy).toContain('role_conditions_true contains "w1" if {\n\trole_conditions_true_w1\n}');
    expect(policy).toContain('role_conditions_true_w1 if {\n\tinput.context.mfa == true\n}');
    expect(policy).toContain('role_conditions_true_w1 if {\n\tinput.principal.attributes.team == "sre"\n}');
    expect(policy).not.toContain('role_conditions_true contains "w2"');
    // the include graph is data, every role a key; a guarded role names its condition
    expect(data.rolec.includes.g).toEqual([]);
    expect(data.rolec.guarded).toEqual({ g: 'w1', h: 'w1' });
  });
});
