import { describe, expect, it } from 'vitest';
import { parseRego } from '../../../src/regowasm/syntax/index.ts';
import type { ExprLiteral, RegoModule, Rule, Term } from '../../../src/regowasm/syntax/index.ts';
import { printLiteral, printModule, printRule, printTerm } from '../../../src/regowasm/syntax/print.ts';

function mod(src: string): RegoModule {
  const r = parseRego('t.rego', src);
  if (!r.module) throw new Error(JSON.stringify(r.diagnostics));
  return r.module;
}
function rules(body: string): Rule[] {
  return mod(`package t\n${body}\n`).rules;
}
function rule(body: string): Rule {
  const rs = rules(body);
  expect(rs).toHaveLength(1);
  return rs[0]!;
}
/** The first literal of `p if { … }`, printed fully parenthesised. */
function lit(src: string): string {
  return printLiteral(rule(`p if {\n${src}\n}`).body[0]!);
}
function expr(src: string): Term {
  return (rule(`p if { ${src} }`).body[0] as ExprLiteral).expr;
}
function err(src: string) {
  const r = parseRego('bad.rego', src);
  expect(r.module).toBeUndefined();
  expect(r.diagnostics).toHaveLength(1);
  return r.diagnostics[0]!;
}

describe('module structure', () => {
  it('reads package (dots and brackets) and imports with aliases', () => {
    const m = mod('package a.b["c-d"]\nimport rego.v1\nimport data.x.y as z\nimport input\nimport future.keywords.in\n');
    expect(m.package.path).toEqual(['a', 'b', 'c-d']);
    expect(m.imports.map((i) => [i.path.join('.'), i.alias])).toEqual([
      ['rego.v1', undefined],
      ['data.x.y', 'z'],
      ['input', undefined],
      ['future.keywords.in', undefined],
    ]);
    expect(m.loc).toEqual({ file: 't.rego', line: 1, col: 1 });
  });

  it('records locations of rules and terms', () => {
    const r = rule('\n  p := input.x if {\n\tinput.y == 1\n}');
    expect(r.loc).toMatchObject({ line: 3, col: 3 });
    expect(r.head.value!.loc).toMatchObject({ line: 3, col: 8 });
    expect(r.body[0]!.loc).toMatchObject({ line: 4, col: 2 });
  });
});

describe('rule heads', () => {
  it('classifies complete, partial set, partial object and function rules', () => {
    const rs = rules(
      ['p := 1', 'q = 2 if { true }', 'r if { true }', 's contains x if { x := 1 }', 'o[k] := v if { k := "a"; v := 1 }', 'f(x, y) := x + y', 'g(x) if { x }'].join('\n'),
    );
    expect(rs.map((r) => r.head.ruleKind)).toEqual(['complete', 'complete', 'complete', 'partialSet', 'partialObject', 'function', 'function']);
    expect(rs[0]!.head).toMatchObject({ name: 'p', path: ['p'], assign: ':=', value: { kind: 'number', text: '1' } });
    expect(rs[1]!.head.assign).toBe('=');
    expect(rs[2]!.head.value).toBeUndefined();
    expect(rs[3]!.head.key).toMatchObject({ kind: 'var', name: 'x' });
    expect(rs[4]!.head).toMatchObject({ path: ['o'], key: { kind: 'var', name: 'k' }, general: false });
    expect(rs[5]!.head.args!.map(printTerm)).toEqual(['x', 'y']);
  });

  it('handles ref heads', () => {
    const [a, b, c, d, e] = rules('a.b.c contains x if { x := 1 }\np["q"] := 1\np.q[x] := 1 if { x := "k" }\np[x].y := 1 if { x := "k" }\ndefault p.q.f(x) := 100');
    expect(a!.head).toMatchObject({ ruleKind: 'partialSet', path: ['a', 'b', 'c'], general: false });
    expect(b!.head).toMatchObject({ ruleKind: 'complete', path: ['p', 'q'] });
    expect(c!.head).toMatchObject({ ruleKind: 'partialObject', path: ['p', 'q'], general: false });
    expect(d!.head).toMatchObject({ ruleKind: 'partialObject', path: ['p'], general: true });
    expect(e!.head).toMatchObject({ ruleKind: 'function', path: ['p', 'q', 'f'], name: 'p' });
    expect(e!.default).toBe(true);
  });

  it('parses default rules and else chains', () => {
    const [d, r] = rules('default p := false\np := 1 if { input.a } else := 2 if { input.b }\nelse := 3');
    expect(d!.default).toBe(true);
    expect(d!.body).toEqual([]);
    expect(r!.else.map((e) => [printTerm(e.value!), e.body.length])).toEqual([
      ['2', 1],
      ['3', 0],
    ]);
  });

  it('accepts a one-literal body after if', () => {
    expect(printRule(rule('p if input.x == 1'))).toBe('p if { (input.x == 1) }');
  });
});

describe('bodies', () => {
  it('separates literals by newlines and semicolons', () => {
    const r = rule('p if {\n  a := 1; b := 2\n  c := [1,\n    2]\n}');
    expect(r.body.map(printLiteral)).toEqual(['a := 1', 'b := 2', 'c := [1, 2]']);
  });

  it('parses not, some, some-in, every and with', () => {
    const r = rule(
      'p if {\n not input.x\n some a, b\n some x in xs\n some k, v in input.m\n every i, y in [1] { y > i }\n q with input.u as 1 with data.d as {}\n}',
    );
    expect(r.body.map((l) => l.kind)).toEqual(['expr', 'some', 'someIn', 'someIn', 'every', 'expr']);
    expect(r.body.map(printLiteral)).toEqual([
      'not input.x',
      'some a, b',
      'some x in xs',
      'some k, v in input.m',
      'every i, y in [1] { (y > i) }',
      'q with input.u as 1 with data.d as {}',
    ]);
    expect((r.body[0] as ExprLiteral).negated).toBe(true);
  });

  it('continues a literal or rule on the next line only with a token that cannot start one', () => {
    const r = rule('p := x\n  if {\n  x := y\n    with input as 1\n  [a] := [1]\n  count(a) == 1\n  (a == 1)\n}');
    expect(r.body.map(printLiteral)).toEqual(['x := y with input as 1', '[a] := [1]', '(count(a) == 1)', '(a == 1)']);
  });

  it('rejects an expression continuing on the same line without a separator', () => {
    expect(err('package t\np if { a b }')).toMatchObject({ line: 2, col: 10, code: 'RG102' });
  });
});

describe('terms and precedence', () => {
  it('applies Rego precedence and left associativity', () => {
    expect(lit('x := 1 + 2 * 3 - 4')).toBe('x := ((1 + (2 * 3)) - 4)');
    expect(lit('a | b & c == d')).toBe('((a | (b & c)) == d)');
    expect(lit('x in xs == y')).toBe('(x in (xs == y))');
    expect(lit('k, v in xs')).toBe('(k, v in xs)');
    expect(lit('1 < 2 == true')).toBe('((1 < 2) == true)');
    expect(lit('x = y % 2 / 3')).toBe('x = ((y % 2) / 3)');
  });

  it('separates items by commas in arrays, sets and calls but not in parentheses', () => {
    expect(lit('x := [1, 1 in [2]]')).toBe('x := [1, (1 in [2])]');
    expect(lit('x := {(1, 1 in [2])}')).toBe('x := {(1, 1 in [2])}');
    expect(lit('f(1, 1 in [2])')).toBe('f(1, (1 in [2]))');
  });

  it('distinguishes objects, sets and comprehensions', () => {
    expect(expr('x := {}').kind).toBe('binary');
    expect(lit('x := {}')).toBe('x := {}');
    expect(lit('x := set()')).toBe('x := set()');
    expect(lit('x := {1, 2}')).toBe('x := {1, 2}');
    expect(lit('x := {"a": 1, 2: [3]}')).toBe('x := {"a": 1, 2: [3]}');
    expect(lit('x := [y | y := xs[_]; y > 1]')).toBe('x := [y | y := xs[_]; (y > 1)]');
    expect(lit('x := {y | some y in xs}')).toBe('x := {y | some y in xs}');
    expect(lit('x := {k: v | v := m[k]}')).toBe('x := {k: v | v := m[k]}');
    expect(lit('x := [a | b | c]')).toBe('x := [a | (b | c)]');
  });

  it('reads a comprehension head as one term, and falls back to a collection as OPA does', () => {
    // An infix head makes an array: `|` is then set union.
    expect(lit('z := [x - {10} | y, 5 in {5}]')).toBe('z := [((x - {10}) | y), (5 in {5})]');
    expect(lit('z := {x - 1 | y}')).toBe('z := {((x - 1) | y)}');
    // A body that stops at `,` is re-read as a collection; `k, v in` keeps the comprehension.
    expect(lit('z := [x | y, 5]')).toBe('z := [(x | y), 5]');
    expect(lit('z := [x | y, 5 in {5}, 6]')).toBe('z := [(x | y), (5 in {5}), 6]');
    expect(lit('z := [x | y, 5 in {5}]')).toBe('z := [x | (y, 5 in {5})]');
    expect(lit('z := {x | y, 5}')).toBe('z := {(x | y), 5}');
    // An object value is one term too; an object key may be any expression.
    expect(lit('z := {"k": v | w}')).toBe('z := {"k": v | w}');
    expect(lit('z := {"k": v + 1 | w}')).toBe('z := {"k": ((v + 1) | w)}');
    expect(lit('z := {k + 1: v | v := xs[k]}')).toBe('z := {(k + 1): v | v := xs[k]}');
    // A body error anywhere else stands.
    expect(err('package t\nz := [x | y +]').code).toBe('RG102');
  });

  it('parses refs with dots, brackets, variables and call heads', () => {
    const e = expr('input.x[i].y["z w"] == data.a.b');
    expect(printTerm(e)).toBe('(input.x[i].y["z w"] == data.a.b)');
    expect(e.kind === 'binary' && e.left.kind === 'ref' && e.left.path.map((s) => s.kind)).toEqual(['string', 'var', 'string', 'string']);
    expect(lit('x := f(1)[0].y')).toBe('x := f(1)[0].y');
    expect(lit('glob.match("*", [], s)')).toBe('glob.match("*", [], s)');
    expect(lit('contains("abc", "b")')).toBe('contains("abc", "b")');
  });

  it('needs a reference\'s `.name` glued together, as OPA (whitespace ends a reference)', () => {
    expect(err('package t\noutput := regex.\nmatch("^a", "b")\n')).toMatchObject({ code: 'RG102', line: 3, col: 1 });
    expect(err('package t\np := input. x\n')).toMatchObject({ code: 'RG102', line: 2, col: 13 });
    expect(err('package t\np := input .x\n').code).toBe('RG102');
    expect(err('package t\nimport data. a\n').code).toBe('RG102');
    expect(err('package t\na. b := 1\n').code).toBe('RG102');
  });

  it('keeps number text and decodes strings', () => {
    const e = expr('x := [12345678901234567890, -1.5e3, "a\\u00e9\\n\\"", `raw\\n`]');
    const items = e.kind === 'binary' && e.right.kind === 'array' ? e.right.items : [];
    expect(items[0]).toMatchObject({ kind: 'number', text: '12345678901234567890' });
    expect(items[1]).toMatchObject({ kind: 'number', text: '-1.5e3', value: -1500 });
    expect(items[2]).toMatchObject({ kind: 'string', value: 'aé\n"', raw: false });
    expect(items[3]).toMatchObject({ kind: 'string', value: 'raw\\n', raw: true });
  });

  it('tracks lines across multi-line raw strings', () => {
    const r = rule('p := `a\nb`\n');
    expect(r.head.value).toMatchObject({ value: 'a\nb' });
    expect(err('package t\np := `a\nb`\nq := @')).toMatchObject({ line: 4, col: 6, code: 'RG101' });
  });
});

describe('lexical details', () => {
  it('skips comments and CRLF line ends, counting columns in UTF-16 units', () => {
    const r = rule('p := "åäö😀" # comment { not code\r\nq := 1'.split('\nq')[0]!);
    expect(r.head.value).toMatchObject({ value: 'åäö😀' });
    expect(err('package t\r\n# c\r\np := "😀" @')).toMatchObject({ line: 3, col: 11, code: 'RG101' });
  });
  it('treats keywords after a dot as path segments', () => {
    expect(lit('input.in.if.contains == data.some')).toBe('(input.in.if.contains == data.some)');
  });
});

describe('diagnostics', () => {
  it('reports v0 rule bodies (no if) as invalid Rego v1', () => {
    expect(err('package t\np = x {\n x := 1\n}')).toMatchObject({ file: 'bad.rego', line: 2, col: 7, code: 'RG104' });
  });
  it('reports lexical errors with position', () => {
    expect(err('package t\np := "abc')).toMatchObject({ line: 2, col: 6, code: 'RG101' });
    expect(err('package t\np := "\\q"')).toMatchObject({ line: 2, col: 7, code: 'RG101' });
    expect(err('package t\np := 01')).toMatchObject({ code: 'RG101' });
  });
  it('reports unsupported constructs instead of misparsing', () => {
    expect(err('package t\np := $"a{1}"')).toMatchObject({ code: 'RG101' });
    expect(err('package t\np if { true } { false }')).toMatchObject({ code: 'RG103' });
  });
  it('unary minus as OPA: a number literal (whitespace after `-` allowed), or 0 - a reference or call', () => {
    expect(lit('x := - 1')).toBe('x := -1');
    expect(lit('x := -\n\n  1.5')).toBe('x := -1.5');
    expect(lit('x := -input.n.m')).toBe('x := (0 - input.n.m)');
    expect(lit('x := -count(y) * 2')).toBe('x := ((0 - count(y)) * 2)');
    expect(err('package t\np := - - 1')).toMatchObject({ code: 'RG102', message: "unexpected '-': expected number" });
    expect(err('package t\np := -(1)').code).toBe('RG102');
  });

  it('reports structural errors', () => {
    expect(err('p := 1')).toMatchObject({ line: 1, col: 1, code: 'RG102' });
    expect(err('package t\np := 1\nimport data.x')).toMatchObject({ line: 3, code: 'RG102' });
    expect(err('package t\np contains x := 1 if { x := 1 }')).toMatchObject({ code: 'RG104' });
    expect(err('package t\np if { x := [1, 2 }')).toMatchObject({ line: 2, col: 19, code: 'RG102' });
    expect(err('package t\np if {')).toMatchObject({ code: 'RG102' });
  });
});

describe('printer round trip', () => {
  it('reparses its own output to the same text', () => {
    const src = 'package a.b\nimport rego.v1\ndefault allow := false\nallow if { some r in input.roles; r == "admin"; not deny[r] }\nf(x) := y if { y := {k: v | some k, v in x} } else := 0\n';
    const once = printModule(mod(src));
    expect(printModule(mod(once))).toBe(once);
  });
});
