/**
 * Property: for random rules built from the whole term/literal grammar, printing the AST
 * (fully parenthesised) and parsing it back gives an AST that prints identically — the
 * parser recovers exactly the structure the printer wrote, precedence included. A second
 * property writes binary chains WITHOUT parentheses and checks that the parser applies
 * Rego's precedence and left associativity.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRego } from '../../../src/regowasm/syntax/index.ts';
import type { ExprLiteral } from '../../../src/regowasm/syntax/index.ts';
import { printModule, printTerm } from '../../../src/regowasm/syntax/print.ts';

const name = fc.constantFrom('x', 'y', 'k', 'v', 'input', 'data', 'foo_1', '_');
const scalar = fc.oneof(
  fc.constantFrom('null', 'true', 'false'),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom('1.5', '-2.25e3', '12345678901234567890', '0'),
  fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
);
const BINARY = ['==', '!=', '<', '<=', '>', '>=', '|', '&', '+', '-', '*', '/', '%'];

/** Source text of a random term (composites recurse). */
const term: fc.Arbitrary<string> = fc.letrec<{ t: string }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    name,
    fc.tuple(name, fc.array(fc.oneof(fc.constantFrom('a', 'b_c').map((s) => `.${s}`), tie('t').map((t) => `[${t}]`)), { minLength: 1, maxLength: 3 })).map(
      ([h, p]) => (h === '_' ? 'input' : h) + p.join(''),
    ),
    fc.array(tie('t'), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
    fc.array(tie('t'), { minLength: 1, maxLength: 3 }).map((xs) => `{${xs.join(', ')}}`),
    fc.constant('set()'),
    fc.array(fc.tuple(tie('t'), tie('t')), { maxLength: 2 }).map((es) => `{${es.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
    fc.tuple(fc.constantFrom('count', 'glob.match', 'data.lib.f', 'contains'), fc.array(tie('t'), { maxLength: 3 })).map(([f, a]) => `${f}(${a.join(', ')})`),
    fc.tuple(tie('t'), fc.constantFrom(...BINARY), tie('t')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => `(${a} in ${b})`),
    fc.tuple(tie('t'), tie('t'), tie('t')).map(([a, b, c]) => `(${a}, ${b} in ${c})`),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => `[${a} | ${b}]`),
    fc.tuple(tie('t'), tie('t')).map(([a, b]) => `{${a} | some x in ${b}}`),
    fc.tuple(tie('t'), tie('t'), tie('t')).map(([k, v, b]) => `{${k}: ${v} | ${b}; not ${b}}`),
  ),
})).t;

const literal = fc.oneof(
  term,
  term.map((t) => `not ${t}`),
  // `input := …` / `data := …` is an error in Rego v1 ("input cannot be shadowed")
  fc.tuple(term, fc.constantFrom(':=', '='), term).filter(([a, op]) => !(op === ':=' && (a === 'input' || a === 'data'))).map(([a, op, b]) => `${a} ${op} ${b}`),
  term.map((t) => `some x in ${t}`),
  fc.tuple(term, term).map(([d, b]) => `every k, v in ${d} { ${b} }`),
  fc.tuple(term, term).map(([t, v]) => `${t} with input.a as ${v}`),
  fc.constant('some x, y'),
);

const rule = fc.oneof(
  fc.tuple(term, fc.array(literal, { minLength: 1, maxLength: 4 })).map(([v, body]) => `p := ${v} if {\n${body.join('\n')}\n}`),
  fc.tuple(term, fc.array(literal, { minLength: 1, maxLength: 3 })).map(([k, body]) => `s contains ${k} if { ${body.join('; ')} }`),
  // `if {` always opens a body, so a one-literal body cannot start with `{` (as in OPA).
  fc.tuple(term, literal.filter((l) => !l.startsWith('{'))).map(([v, l]) => `f(a, [b]) := ${v} if ${l}`),
  fc.tuple(literal, term).map(([l, v]) => `q if { ${l} } else := ${v}`),
);

function parseOk(src: string) {
  const r = parseRego('prop.rego', src);
  if (!r.module) throw new Error(`${JSON.stringify(r.diagnostics)}\n${src}`);
  return r.module;
}

describe('parser ∘ printer', () => {
  it('print(parse(print(parse(src)))) === print(parse(src)) for random rules', () => {
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 3 }), (rules) => {
        const once = printModule(parseOk(`package prop\n\n${rules.join('\n\n')}\n`));
        expect(printModule(parseOk(once))).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it('applies precedence and left associativity to unparenthesised chains', () => {
    const LEVEL: Record<string, number> = { '==': 1, '!=': 1, '<': 1, '<=': 1, '>': 1, '>=': 1, '|': 2, '&': 3, '+': 4, '-': 4, '*': 5, '/': 5, '%': 5 };
    const operand = fc.constantFrom('a', 'b', '1', 'input.x', 'f(c)');
    fc.assert(
      fc.property(operand, fc.array(fc.tuple(fc.constantFrom(...BINARY), operand), { minLength: 1, maxLength: 5 }), (first, rest) => {
        const src = [first, ...rest.map(([op, t]) => `${op} ${t}`)].join(' ');
        // Reference grouping by precedence climbing over the same operator/operand list.
        const operands: string[] = [first, ...rest.map(([, t]) => t)];
        let pos = 0; // operators consumed = index of the current operand
        const climb = (min: number): string => {
          let left: string = operands[pos]!;
          while (pos < rest.length && LEVEL[rest[pos]![0]]! >= min) {
            const op = rest[pos]![0];
            pos++;
            left = `(${left} ${op} ${climb(LEVEL[op]! + 1)})`;
          }
          return left;
        };
        const expected = climb(1);
        const lit = parseOk(`package prop\np if { ${src} }\n`).rules[0]!.body[0] as ExprLiteral;
        expect(printTerm(lit.expr)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});
