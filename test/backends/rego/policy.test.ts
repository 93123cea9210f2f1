import { describe, expect, it } from 'vitest';
import { generateRego } from '../../../src/backends/rego/bundle.ts';
import { parseRego } from '../../../src/regowasm/syntax/index.ts';
import { attr, deny, eq, indexPerm, clusterPerm, policySet, role, s } from './ir-builders.ts';

function parsesAll(modules: { path: string; source: string }[]): void {
  for (const m of modules) expect(parseRego(m.path, m.source).diagnostics).toEqual([]);
}

describe('generated Rego text', () => {
  it('emits one grants rule per permission, commented with its DSL source', () => {
    const ir = policySet({ roles: [role('ops', [clusterPerm('ops', ['monitor'])])] });
    const { modules } = generateRego(ir);
    parsesAll(modules);
    const policy = modules.find((m) => m.path === 'rolec/authz/policy.rego')!.source;
    const id = ir.roles.find((r) => r.name === 'ops')!.permissions[0]!.id;
    expect(policy).toContain(`grants contains "${id}" if {\n\t"ops" in active_roles\n\tinput.resource.type == "cluster"\n\tprivilege_granted("cluster", ["monitor"])\n}`);
    expect(policy).toMatch(/# test\.role:\d+:3 role ops: cluster monitor\ngrants contains/);
    expect(policy).toContain('denies := set()');
    expect(policy).toContain('roles_where_true := set()');
  });

  it('escapes glob metacharacters other than * in patterns', () => {
    const ir = policySet({ roles: [role('odd', [indexPerm('odd', ['a?b*', 'x[1]{2}\\*'], ['read'])])] });
    const { modules } = generateRego(ir);
    parsesAll(modules);
    const policy = modules[1]!.source;
    expect(policy).toContain('matches_any(["a\\\\?b*", "x\\\\[1\\\\]\\\\{2\\\\}\\\\\\\\*"], input.resource.index)');
  });

  it('guards optional attributes with type tests and lowers a deny through denyFires', () => {
    const owner = attr('document', 'owner', 'String', true);
    const ir = policySet({
      roles: [role('r', [indexPerm('r', ['docs-*'], ['read'], { documents: eq(owner, attr('user', 'name', 'String')) })])],
      denies: [deny('no_owner', { kind: 'index', names: { patterns: ['docs-*'], except: [] }, privileges: ['read'] }, {
        overlapping: ['all', 'read'],
        condition: { mode: 'when', cond: eq(owner, s('root')) },
      })],
    });
    const { modules } = generateRego(ir);
    parsesAll(modules);
    const policy = modules[1]!.source;
    // grant: T(c) = present(owner) ∧ atom (document attributes may be absent)
    expect(policy).toContain('\tnames_document\n\tis_string(input.resource.attributes.owner)\n\tinput.resource.attributes.owner == input.principal.attributes.name\n');
    // deny when c: fires on ¬F(c), F(c) = present ∧ ¬atom, via a helper rule
    expect(policy).toMatch(/\tnot deny_no_owner_condition\n}/);
    expect(policy).toContain('deny_no_owner_condition if {\n\tis_string(input.resource.attributes.owner)\n\tnot input.resource.attributes.owner == "root"\n}');
  });
});
