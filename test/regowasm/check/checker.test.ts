/**
 * Compile-time type errors (OPA's rego_type_error), one test per builtin family: each call
 * OPA rejects is RG210 at the call's file:line:col with OPA's wording, and the same builtin
 * with well-typed or unknown (input) arguments still compiles.
 */
import { describe, expect, it } from 'vitest';
import { compileRegoToWasm } from '../../../src/regowasm/index.ts';

function errors(body: string): string[] {
  const r = compileRegoToWasm({ modules: [{ path: 'p.rego', source: `package t\n\n${body}\n` }], entrypoints: ['t/p'] });
  return r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.code} ${d.message}`);
}

const FAMILIES: [family: string, bad: string, good: string, name: string][] = [
  ['numbers', 'p := abs("x")', 'p := abs(input.x)', 'abs'],
  ['arithmetic operators', 'p := 1 + "a"', 'p := 1 + input.n', 'plus'],
  ['aggregates', 'p := sum("x")', 'p := sum([1, 2])', 'sum'],
  ['count', 'p := count(5)', 'p := count("abc")', 'count'],
  ['strings', 'p := contains(1, "a")', 'p := contains("abc", "a")', 'contains'],
  ['concat', 'p := concat(",", [1])', 'p := concat(",", ["a", input.x])', 'concat'],
  ['sprintf', 'p := sprintf("%d", 5)', 'p := sprintf("%d", [5])', 'sprintf'],
  ['bitwise', 'p := bits.and("a", 1)', 'p := bits.and(3, 1)', 'bits.and'],
  ['sets', 'p := intersection({1})', 'p := intersection({{1}, {1, 2}})', 'intersection'],
  ['set operators', 'p := {1} | 1', 'p := {1} | {2}', 'or'],
  ['objects', 'p := object.get([1], 0, null)', 'p := object.get({"a": 1}, "a", null)', 'object.get'],
  ['arrays', 'p := array.concat([1], "b")', 'p := array.concat([1], ["b"])', 'array.concat'],
  ['regex', 'p := regex.match(1, "a")', 'p := regex.match("a", "a")', 'regex.match'],
  ['glob', 'p := glob.match("*", ".", "a")', 'p := glob.match("*", null, "a")', 'glob.match'],
  ['encoding', 'p := base64.encode(1)', 'p := base64.encode("a")', 'base64.encode'],
  ['json', 'p := json.unmarshal(1)', 'p := json.unmarshal("1")', 'json.unmarshal'],
  ['net', 'p := net.cidr_contains(1, "10.0.0.1")', 'p := net.cidr_contains("10.0.0.0/8", "10.0.0.1")', 'net.cidr_contains'],
  ['time', 'p := time.parse_rfc3339_ns(1)', 'p := time.parse_rfc3339_ns("2020-01-01T00:00:00Z")', 'time.parse_rfc3339_ns'],
  ['units', 'p := units.parse_bytes(1)', 'p := units.parse_bytes("1K")', 'units.parse_bytes'],
  ['semver', 'p := semver.compare(1, "1.0.0")', 'p := semver.compare("1.0.0", "1.0.0")', 'semver.compare'],
  ['crypto', 'p := crypto.sha256(1)', 'p := crypto.sha256("a")', 'crypto.sha256'],
  ['types', 'p := to_number([1])', 'p := to_number("1")', 'to_number'],
];

describe('type checker: one ill-typed call per builtin family is rejected like OPA', () => {
  for (const [family, bad, good, name] of FAMILIES) {
    it(family, () => {
      const errs = errors(bad);
      expect(errs).toHaveLength(1);
      expect(errs[0]).toMatch(new RegExp(`^p\\.rego:3:6 RG210 ${name.replace(/\./g, '\\.')}: invalid argument\\(s\\)\\n\\thave: \\(.*\\)\\n\\twant: \\(.*\\)$`));
      expect(errors(good)).toEqual([]);
    });
  }
});

describe('type checker: inference', () => {
  it("OPA's wording, with have/want types in OPA's notation", () => {
    expect(errors('p := concat(",", [1])')).toEqual(['p.rego:3:6 RG210 concat: invalid argument(s)\n\thave: (string, array<number>)\n\twant: (string, any<set[string], array[string]>)']);
  });

  it('through locals, output arguments, some…in, comprehensions and function bodies', () => {
    expect(errors('p if {\n  x := "a"\n  y := x + 1\n}')[0]).toMatch(/^p\.rego:5:8 RG210 plus:/);
    expect(errors('p if {\n  count([1], n)\n  upper(n)\n}')[0]).toMatch(/^p\.rego:5:3 RG210 upper:.*\n\thave: \(number\)/);
    expect(errors('p if {\n  some x in [1, 2]\n  lower(x)\n}')[0]).toMatch(/RG210 lower:/);
    expect(errors('p := [y | some x in ["a"]; y := x * 2]')[0]).toMatch(/RG210 mul:/);
    expect(errors('f(x) := upper(y) if y := 1 + x\np := f(1)')[0]).toMatch(/RG210 upper:/);
    expect(errors('p := sum({x | some x in ["a", "b"]})')[0]).toMatch(/RG210 sum:.*\n\thave: \(set\[string\]\)/);
  });

  it('never rejects what cannot be known at compile time (input, data, rules, user functions)', () => {
    expect(errors('q := input.x\np := upper(q)')).toEqual([]);
    expect(errors('f(x) := x\np := upper(f(1))')).toEqual([]);
    expect(errors('p if {\n  x := input.y\n  upper(x)\n  x + 1 > 0\n}')).toEqual([]);
    expect(errors('p := count(data.d)')).toEqual([]);
  });

  it('reports every ill-typed call, not only the first', () => {
    expect(errors('p if {\n  upper(1)\n  lower(2)\n}')).toHaveLength(2);
  });
});

describe('time builtins outside the VM (no zone database, no layouts) are coded rejections', () => {
  it('a literal zone other than UTC or a layout is RG201 at its file:line:col', () => {
    expect(errors('p := time.clock([0, "Europe/Paris"])')).toEqual(['p.rego:3:21 RG201 time.clock with the time zone "Europe/Paris" is not supported by the Wasm compiler (UTC only: the VM has no time-zone database)']);
    expect(errors('p := time.format([0, "UTC", "2006-01-02"])')[0]).toMatch(/^p\.rego:3:29 RG201 time\.format with a layout/);
    expect(errors('p := time.clock([0, "UTC"])')).toEqual([]);
    expect(errors('p := time.date([0, ""])')).toEqual([]);
  });
});
