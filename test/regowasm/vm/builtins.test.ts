// Builtins inside the VM, each checked through the real SDK: one module, a plan per case.
import { describe, expect, it } from 'vitest';
import { runTable } from './helpers.ts';

type Case = [name: string, args: unknown[], want: unknown];
const U = undefined; // undefined result (error or no value)

const cases: Case[] = [
  // glob.match: delimiter traps ([] → ["."], null → none), classes, braces, escapes, **
  ['glob.match', ['*.github.com', ['.'], 'api.github.com'], true],
  ['glob.match', ['*.github.com', ['.'], 'api.cdn.github.com'], false],
  ['glob.match', ['api.**.com', ['.'], 'api.cdn.github.com'], true],
  ['glob.match', ['*', [], 'foo.bar'], false],
  ['glob.match', ['*', null, 'foo.bar'], true],
  ['glob.match', ['foo*', null, 'foo.bar'], true],
  ['glob.match', ['*:github:com', [':'], 'api:github:com'], true],
  ['glob.match', ['[!a-c]at', [], 'fat'], true],
  ['glob.match', ['[!a-c]at', [], 'bat'], false],
  ['glob.match', ['?at', ['f'], 'fat'], false],
  ['glob.match', ['?at', [], 'at'], false],
  ['glob.match', ['{cat,bat,[fr]at}', [], 'rat'], true],
  ['glob.match', ['{cat,bat,[fr]at}', [], 'at'], false],
  ['glob.match', ['logs-\\*', [], 'logs-*'], true],
  ['glob.match', ['logs-\\*', [], 'logs-x'], false],
  ['glob.match', ['[abc', [], 'a'], U],
  ['glob.match', ['logs-*', [], 'logs-2024'], true],
  ['glob.quote_meta', ['*.git{hub}[x]?'], '\\*.git\\{hub\\}\\[x\\]\\?'],
  // regex.match (unanchored, RE2 subset)
  ['regex.match', ['^[a-z]+-\\d{2,3}$', 'abc-12'], true],
  ['regex.match', ['^[a-z]+-\\d{2,3}$', 'abc-1234'], false],
  ['regex.match', ['b+', 'aabbcc'], true],
  ['regex.match', ['^(foo|bar)baz$', 'barbaz'], true],
  ['regex.match', ['^(foo|bar)baz$', 'quxbaz'], false],
  ['regex.match', ['(?i)^HELLO', 'hello world'], true],
  ['regex.match', ['a(', 'a'], U],
  ['regex.match', ['^\\w+@\\w+\\.com$', 'me@x.com'], true],
  ['regex.match', ['^(a+)+$', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab'], false],
  // net.cidr_contains
  ['net.cidr_contains', ['10.0.0.0/8', '10.1.2.3'], true],
  ['net.cidr_contains', ['10.0.0.0/8', '11.1.2.3'], false],
  ['net.cidr_contains', ['10.0.0.0/8', '10.1.0.0/16'], true],
  ['net.cidr_contains', ['10.1.0.0/16', '10.0.0.0/8'], false],
  ['net.cidr_contains', ['2001:db8::/32', '2001:db8:1::1'], true],
  ['net.cidr_contains', ['2001:db8::/32', '2001:db9::1'], false],
  ['net.cidr_contains', ['not-a-cidr', '10.0.0.1'], U],
  // strings (rune counting)
  ['count', ['héllo🙂'], 6],
  ['count', [[1, 2, 3]], 3],
  ['count', [{ a: 1 }], 1],
  ['startswith', ['foobar', 'foo'], true],
  ['endswith', ['foobar', 'foo'], false],
  ['contains', ['foobar', 'oba'], true],
  ['lower', ['ÀBC'], 'àbc'],
  ['upper', ['abc'], 'ABC'],
  ['concat', ['-', ['a', 'b', 'c']], 'a-b-c'],
  ['concat', ['-', ['a', 1]], U],
  ['split', ['a.b.c', '.'], ['a', 'b', 'c']],
  ['replace', ['aXbX', 'X', '-'], 'a-b-'],
  ['replace', ['ab', '', '-'], '-a-b-'],
  ['substring', ['héllo', 1, 3], 'éll'],
  ['indexof', ['héllo', 'l'], 2],
  ['trim_space', ['  x  '], 'x'],
  ['trim', ['xxhixx', 'x'], 'hi'],
  ['trim_prefix', ['foobar', 'foo'], 'bar'],
  ['sprintf', ['%s is %d (%v)', ['x', 3, [1]]], 'x is 3 ([1])'],
  ['startswith', [1, 'a'], U],
  // arithmetic, comparisons across types, sets
  ['plus', [1, 2], 3],
  ['plus', [1, 0.5], 1.5],
  ['minus', [5, 7], -2],
  ['mul', [3, 4], 12],
  ['div', [7, 2], 3.5],
  ['div', [6, 2], 3],
  ['div', [1, 0], U],
  ['rem', [7, 3], 1],
  ['plus', ['a', 1], U],
  ['gt', ['20', 18], true],
  ['lt', [null, false], true],
  ['lt', [[1], { a: 1 }], true],
  ['equal', [1, 1.0], true],
  ['sum', [[1, 2, 3.5]], 6.5],
  ['max', [[3, 9, 2]], 9],
  ['min', [[]], U],
  ['sort', [[3, 'a', 1, null]], [null, 1, 3, 'a']],
  ['array.concat', [[1], [2]], [1, 2]],
  ['object.get', [{ a: { b: 2 } }, ['a', 'b'], 0], 2],
  ['object.get', [{ a: 1 }, 'z', 'dflt'], 'dflt'],
  ['object.keys', [{ b: 1, a: 2 }], ['a', 'b']],
  ['object.union', [{ a: 1, n: { x: 1 } }, { b: 2, n: { y: 2 } }], { a: 1, b: 2, n: { x: 1, y: 2 } }],
  // types
  ['is_string', ['x'], true],
  ['is_number', ['x'], false],
  ['is_array', [[]], true],
  ['is_object', [{}], true],
  ['is_null', [null], true],
  ['is_boolean', [false], true],
  ['type_name', [{}], 'object'],
  ['type_name', [1.5], 'number'],
  ['to_number', ['12'], 12],
  ['to_number', ['x'], U],
  ['json.marshal', [{ b: [1, 'x'], a: null }], '{"a":null,"b":[1,"x"]}'],
  ['json.unmarshal', ['{"a":[1,2]}'], { a: [1, 2] }],
  ['format_int', [255, 16], 'ff'],
  // sprintf follows Go fmt; composites print in Rego syntax
  ['sprintf', ['hi %02d', [5]], 'hi 05'],
  ['sprintf', ['hi %02X.%02X', [127, 1]], 'hi 7F.01'],
  ['sprintf', ['hi %.2f', [3.1415]], 'hi 3.14'],
  ['sprintf', ['hi %v', [['there', 5, 3.14]]], 'hi ["there", 5, 3.14]'],
  ['sprintf', ['%-4s|%5s|%+d', ['ab', 'cd', 3]], 'ab  |   cd|+3'],
  ['sprintf', ['%v %v', [{ b: [1], a: null }, true]], '{"a": null, "b": [1]} true'],
  // later additions (VM_BUILTINS_EXTRA)
  ['strings.any_prefix_match', [['foo', 'bar'], 'ba'], true],
  ['strings.any_suffix_match', ['foo', ['x', 'y']], false],
  ['object.subset', [{ a: 1, n: { x: 1, y: 2 } }, { n: { y: 2 } }], true],
  ['object.subset', [[1, 2, 3, 4], [2, 3]], true],
  ['object.subset', [[1, 2, 3, 4], [2, 4]], false],
  ['object.subset', [1, 2], U],
  ['indexof_n', ['dogcatdogcat', 'cat'], [3, 9]],
  ['strings.count', ['cheese', 'e'], 3],
  ['numbers.range', [3, 1], [3, 2, 1]],
];

describe('VM builtins (via @open-policy-agent/opa-wasm)', () => {
  it(`computes ${cases.length} builtin cases like OPA`, async () => {
    const got = await runTable(cases.map(([name, args]) => ({ name, args })));
    const mismatches = cases
      .map(([name, args, want], i) => ({ call: `${name}(${JSON.stringify(args).slice(1, -1)})`, want, got: got[i] }))
      .filter((m) => JSON.stringify(m.got) !== JSON.stringify(m.want));
    expect(mismatches).toEqual([]);
  });
});
