import { describe, expect, it } from 'vitest';
import { generateRego } from '../../../src/backends/rego/bundle.ts';
import { parseRego } from '../../../src/regowasm/syntax/index.ts';
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
    expect(policy).toContain('denies := set()');
    expect(policy).toContain('role_where(_) := false');
    expect(policy).toContain('document_conditions_true := set()');
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
    // deny when c: fires on ¬F(c), F(c) = present ∧ ¬atom, via a helper rule
    expect(policy).toMatch(/\tnot deny_no_owner_condition\n}/);
    expect(policy).toContain('deny_no_owner_condition if {\n\tis_string(input.resource.attributes.owner)\n\tnot input.resource.attributes.owner == "root"\n}');
  });

  it('emits a mapping as a held_roles rule and a role-level where as a role_where definition', () => {
    const realm = { kind: 'prop' as const, prop: 'principal.realm' as const, type: 'String' as const, optional: true };
    const ir = policySet({
      roles: [role('g', [clusterPerm('g', ['monitor'])], { where: { kind: 'or', args: [{ kind: 'truthy', expr: attr('context', 'mfa', 'Bool') }, eq(attr('user', 'team', 'String'), s('sre'))] } })],
      assignments: [{ id: 'm.role:3:admins', loc: { file: 'm.role', line: 3, col: 1 }, holder: { kind: 'mapping', id: 'm.role:3:admins', when: eq(realm, s('ldap1')) }, roles: ['g', 'superuser'] }],
    });
    const { modules, data } = generateRego(ir);
    parsesAll(modules);
    const policy = modules[1]!.source;
    expect(policy).toContain(
      '# m.role:3:admins mapping: roles g, superuser when principal.realm == "ldap1"\nheld_roles contains role if {\n\tis_string(input.principal.realm)\n\tinput.principal.realm == "ldap1"\n\tsome role in ["g", "superuser"]\n}',
    );
    // an `or` becomes a helper with one body per branch
    expect(policy).toContain('role_where("g") if {\n\trole_where_g\n}');
    expect(policy).toContain('role_where_g if {\n\tinput.context.mfa == true\n}');
    expect(policy).toContain('role_where_g if {\n\tinput.principal.attributes.team == "sre"\n}');
    // the include graph is data, every role a key; the guarded roles are flagged
    expect(data.rolec.includes.g).toEqual([]);
    expect(data.rolec.guarded).toEqual({ g: true });
  });
});
