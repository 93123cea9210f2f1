/** Rego v0 behind `v0Compatible` (OPA 1.x's --v0-compatible): accepted forms and rejections. */
import { describe, expect, it } from 'vitest';
import { parseRego } from '../../../src/regowasm/syntax/index.ts';

const v0 = (src: string) => parseRego('m.rego', `package p\n${src}\n`, { v0Compatible: true });
const v1 = (src: string) => parseRego('m.rego', `package p\n${src}\n`);
const err = (r: ReturnType<typeof parseRego>) => r.diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`);

describe('Rego v0 (v0Compatible)', () => {
  it('bodies without `if`, partial sets `p[x] { … }` and `p.x { … }`, partial objects, functions, else', () => {
    const r = v0('allow { input.a == 1 }\nset[x] { x := input.xs[_] }\nold.a { true }\nobj[k] = v { some k; v := input.o[k] }\nf(x) = y { y := x + 1 }\ng(x) { x > 1 }\nq = 1 { false } else = 2 { true }\ndefault d = false');
    expect(err(r)).toEqual([]);
    const kinds = r.module!.rules.map((x) => `${x.head.name}:${x.head.ruleKind}`);
    expect(kinds).toEqual(['allow:complete', 'set:partialSet', 'old:partialSet', 'obj:partialObject', 'f:function', 'g:function', 'q:complete', 'd:complete']);
  });

  it('the same text is rejected without the flag (as OPA 1.x)', () => {
    expect(err(v1('allow { true }'))).toEqual(["2:7 RG104 `if` keyword is required before a rule body (Rego v1)"]);
  });

  it('`import rego.v1` makes a module v1 even in v0-compatible mode', () => {
    expect(err(v0('import rego.v1\nallow { true }'))[0]).toMatch(/RG104 `if` keyword is required/);
    expect(err(v0('import rego.v1\nallow if { true }'))).toEqual([]);
  });

  it('rego.v1 and future.keywords imports are mutually exclusive; duplicate imports are errors', () => {
    expect(err(v0('import future.keywords.in\nimport rego.v1\np := 1'))[0]).toMatch(/RG104 the `rego.v1` import implies `future.keywords`/);
    expect(err(v1('import rego.v1\nimport rego.v1\np := 1'))[0]).toMatch(/^3:1 RG104 import rego.v1 shadows a previous import/);
  });

  it('v1 checks: a rule needs a value or a body; input and data cannot be shadowed', () => {
    expect(err(v1('p.a.b'))[0]).toMatch(/RG104 rule must have value assignment and\/or body declaration/);
    expect(err(v1('data = 1'))[0]).toMatch(/RG104 data cannot be shadowed/);
    expect(err(v1('p if { input := 1 }'))[0]).toMatch(/RG104 input cannot be shadowed/);
    // v0 allows a local named input; the compiler does not support it (coded, never misread)
    expect(err(v0('p { input := 1 }'))[0]).toMatch(/RG103 a local variable named input/);
  });
});
