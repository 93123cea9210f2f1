/**
 * The condition type checker against randomly generated conditions: every well-typed
 * condition (built from the schema's attributes by type) checks clean and lowers to a Cond
 * whose operand types match the schema; swapping one operand for one of another type is
 * reported as a type error at that operand's comparison.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkSources } from '../../src/semantics/index.ts';
import type { Cond } from '../../src/semantics/ir.ts';

const SCHEMA = `schema {
  user { s: String  n: Long  b: Bool  ss: Set<String>  ns: Set<Long>  os?: String  on?: Long }
  context { ip: IpAddr  flag: Bool }
}
`;
const OPERANDS: Record<string, string[]> = {
  String: ['user.s', 'user.os', '"abc"', 'principal.id', 'principal.realm', 'resource.index'],
  Long: ['user.n', 'user.on', '7', '-3'],
  'Set<String>': ['user.ss', 'principal.groups', '["a", "b"]'],
  'Set<Long>': ['user.ns', '[1, 2]'],
};
const str = fc.constantFrom(...OPERANDS.String!);
const lng = fc.constantFrom(...OPERANDS.Long!);
const sset = fc.constantFrom(...OPERANDS['Set<String>']!);
const lset = fc.constantFrom(...OPERANDS['Set<Long>']!);

const atom = fc.oneof(
  fc.tuple(str, fc.constantFrom('==', '!='), str).map(([a, op, b]) => `${a} ${op} ${b}`),
  fc.tuple(lng, fc.constantFrom('==', '!=', '<', '<=', '>', '>='), lng).map(([a, op, b]) => `${a} ${op} ${b}`),
  fc.tuple(str, sset).map(([a, b]) => `${a} in ${b}`),
  fc.tuple(sset, str).map(([a, b]) => `${a}.contains(${b})`),
  fc.tuple(lset, fc.constantFrom('containsAll', 'containsAny'), lset).map(([a, m, b]) => `${a}.${m}(${b})`),
  sset.map((a) => `${a}.isEmpty()`),
  str.map((a) => `${a} like "x*y"`),
  fc.constantFrom('has user.os', 'has user.on', 'user.b', 'context.flag', 'context.ip.isInRange(ip("10.0.0.0/8"))', 'true'),
);
const cond: fc.Arbitrary<string> = fc.letrec<{ c: string }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.tuple(tie('c'), fc.constantFrom('&&', '||'), tie('c')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('c').map((a) => `!(${a})`),
  ),
})).c;

function operandTypes(c: Cond, out: [string, string][] = []): [string, string][] {
  const visit = (v: unknown): void => {
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.kind === 'attr') out.push([`${o.scope}.${o.name}`, o.type as string]);
      for (const x of Object.values(o)) visit(x);
    }
  };
  visit(c);
  return out;
}

const DECLARED: Record<string, string> = {
  'user.s': 'String', 'user.n': 'Long', 'user.b': 'Bool', 'user.ss': 'Set<String>', 'user.ns': 'Set<Long>',
  'user.os': 'String', 'user.on': 'Long', 'context.ip': 'IpAddr', 'context.flag': 'Bool',
};

describe('condition typing (property)', () => {
  it('well-typed conditions check clean and keep the schema types', () => {
    fc.assert(
      fc.property(cond, (c) => {
        const { ir, diagnostics } = checkSources([{ path: 't.role', text: `${SCHEMA}role r { cluster monitor where ${c} }` }]);
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const where = ir!.roles.find((x) => x.name === 'r')!.where!;
        for (const [name, type] of operandTypes(where)) expect(type).toBe(DECLARED[name]);
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  it('a String operand compared with a Long is always a type error at the operator', () => {
    fc.assert(
      fc.property(str, lng, fc.constantFrom('==', '!=', '<', '>='), (a, b, op) => {
        const text = `${SCHEMA}role r { cluster monitor where ${a} ${op} ${b} }`;
        const { ir, diagnostics } = checkSources([{ path: 't.role', text }]);
        expect(ir).toBeUndefined();
        expect(diagnostics.map((d) => `${d.code}@${d.span.start.col}`)).toEqual([`E0403@${text.split('\n').at(-1)!.indexOf(` ${op} `) + 2}`]);
      }),
      { numRuns: 60, seed: 43 },
    );
  });
});
