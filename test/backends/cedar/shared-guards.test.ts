/**
 * Roles whose role-level wheres are the same condition share their activation policies
 * (backends/cedar/activation.ts, roleWherePolicies): one policy per SHARED_GUARD_ROLES
 * roles, `principal in [...]` as its first conjunct, @roles naming them all. The shared
 * policy must decide exactly as one policy per role did: a role it opens that the
 * principal does not reach gives nothing, and a guard that fails opens none of them.
 */
import { describe, expect, it } from 'vitest';
import { compileCedar, validateCedar } from '../../../src/backends/cedar/compile.ts';
import { activationPolicies, SHARED_GUARD_ROLES } from '../../../src/backends/cedar/activation.ts';
import { nodeCedar } from '../../../src/backends/cedar/wasm-node.ts';
import { CedarEngine } from '../../../src/engines/cedar.ts';
import { checkSources } from '../../../src/semantics/index.ts';
import type { PolicySetIR } from '../../../src/semantics/ir.ts';
import type { Request } from '../../../src/request/types.ts';
import { engineFor } from '../rego/engine-for.ts';

const SOURCE = `schema {
  user { level: Long }
  context { mfa: Bool }
}
role a1 includes g1 {
  where context.mfa
}
role b includes g3 {
  where user.level >= 3
}
role a2 includes g2 {
  where context.mfa
}
role g1 {
  index "one-*" { privileges read }
}
role g2 {
  index "two-*" { privileges read }
}
role g3 {
  index "three-*" { privileges read }
}
user "u1" roles a1
user "u2" roles a2
user "u3" roles b
`;

function irOf(text: string): PolicySetIR {
  const { ir, diagnostics } = checkSources([{ path: 'shared.role', text }]);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return ir!;
}

const read = (user: string, index: string, mfa: boolean, level = 0): Request =>
  ({ principal: { type: 'user', id: user, attributes: { level } }, action: 'read', resource: { type: 'index', index }, context: { mfa } }) as Request;

describe('roles sharing a role-level where', () => {
  it('share one activation policy, in the place and under the @id of the first', () => {
    const ir = irOf(SOURCE);
    const id = (name: string) => ir.roles.find((r) => r.name === name)!.id;
    const texts = compileCedar(ir).policies.map((p) => p.text).filter((t) => t.includes('@activation'));
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain(`@id("${id('a1')}")`);
    expect(texts[0]).toContain('@roles("a1 a2")');
    expect(texts[0]).toMatch(/permit \(\s*principal,/);
    expect(texts[0]).toContain('when { (principal in [Role::"a1", Role::"a2"]) && context.attributes.mfa }');
    // A guard of its own keeps the one-role form.
    expect(texts[1]).toContain(`@id("${id('b')}")`);
    expect(texts[1]).toContain('principal in Role::"b"');
  });

  it('decide as one policy per role did, on both engines', async () => {
    const ir = irOf(SOURCE);
    const bundle = compileCedar(ir);
    expect(validateCedar(bundle, nodeCedar)).toEqual([]);
    const cedar = CedarEngine.fromBundle(bundle, nodeCedar);
    const rego = await engineFor(ir);
    const cases: [Request, 'allow' | 'deny'][] = [
      [read('u1', 'one-x', true), 'allow'],
      [read('u1', 'one-x', false), 'deny'],
      // The shared policy opens a2 as well, but u1 does not reach it.
      [read('u1', 'two-x', true), 'deny'],
      [read('u2', 'two-x', true), 'allow'],
      [read('u2', 'one-x', true), 'deny'],
      [read('u3', 'three-x', false, 3), 'allow'],
      [read('u3', 'three-x', true, 2), 'deny'],
    ];
    for (const [request, expected] of cases) {
      const answer = cedar.evaluate(request);
      expect(answer.ok && answer.decision.decision, JSON.stringify(request)).toBe(expected);
      expect(rego.evaluate(request)).toEqual(answer);
    }
  });

  it(`take ${SHARED_GUARD_ROLES} roles per policy`, () => {
    const n = 2 * SHARED_GUARD_ROLES + 2;
    const roles = Array.from({ length: n }, (_, i) => `role w${i} {\n  where context.mfa\n}\n`).join('');
    const ir = irOf(`schema {\n  context { mfa: Bool }\n}\n${roles}`);
    const shared = activationPolicies(ir);
    expect(shared.map((p) => p.annotations!.roles!.split(' ').length)).toEqual([SHARED_GUARD_ROLES, SHARED_GUARD_ROLES, 2]);
    // In the IR's order of roles, each policy under the @id of its first.
    const guarded = ir.roles.filter((r) => r.where);
    expect(shared.map((p) => p.dslId)).toEqual([0, SHARED_GUARD_ROLES, 2 * SHARED_GUARD_ROLES].map((i) => guarded[i]!.id));
    expect(shared.flatMap((p) => p.annotations!.roles!.split(' '))).toEqual(guarded.map((r) => r.name));
  });
});
