// Builtins added to the VM beyond the first set (bits, collections, json paths,
// encodings, units, semver, hashes, CIDR, graph), checked through the real SDK.
// Expected values follow OPA's builtin reference; digests are cross-checked with
// node:crypto and base64 with Buffer (independent implementations).
import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { loadPolicy as LoadPolicyFn } from '@open-policy-agent/opa-wasm';
import { compileRegoToWasm } from '../../../src/regowasm/index.ts';
import { builtinMismatches, type BuiltinCase } from './helpers.ts';

type Case = BuiltinCase;
const U = undefined; // undefined result (error or no value)
const hash = (alg: string, s: string) => createHash(alg).update(s, 'utf8').digest('hex');
const mac = (alg: string, s: string, k: string) => createHmac(alg, k).update(s, 'utf8').digest('hex');
const longKey = 'k'.repeat(200); // longer than a block: hashed first (RFC 2104)

const cases: Case[] = [
  // bits: integers only; shifts need a count ≥ 0; rsh is arithmetic
  ['bits.and', [5, 3], 1], ['bits.or', [5, 3], 7], ['bits.xor', [5, 3], 6],
  ['bits.lsh', [1, 3], 8], ['bits.rsh', [-8, 1], -4], ['bits.rsh', [8, 70], 0],
  ['bits.negate', [5], -6], ['bits.and', [1.5, 1], U], ['bits.lsh', [1, -1], U], ['bits.or', ['1', 1], U],
  // arrays / objects
  ['array.reverse', [[1, 'a', [2]]], [[2], 'a', 1]], ['array.reverse', ['abc'], U],
  ['object.union_n', [[{ a: 1, n: { x: 1 } }, { n: { y: 2 } }, { a: 3 }]], { a: 3, n: { x: 1, y: 2 } }],
  ['object.union_n', [[]], {}], ['object.union_n', [[{}, 1]], U],
  ['object.filter', [{ a: 1, b: 2, c: 3 }, ['a', 'c', 'z']], { a: 1, c: 3 }],
  ['object.filter', [{ a: 1, b: 2 }, { b: 'x' }], { b: 2 }],
  ['object.filter', [[1], ['a']], U],
  // json.filter / json.remove: "a/b" and ["a","b"] paths; array indexes as strings
  ['json.filter', [{ a: { b: 1, c: 2 }, d: 3, e: 4 }, ['a/b', 'd']], { a: { b: 1 }, d: 3 }],
  ['json.filter', [{ a: [{ x: 1, y: 2 }, { x: 3 }] }, ['a/0/x']], { a: [{ x: 1 }] }],
  ['json.filter', [{ a: { b: 1, c: 2 } }, [['a', 'c']]], { a: { c: 2 } }],
  ['json.filter', [{ a: { b: 1, c: 2 } }, ['a/b', 'a']], { a: { b: 1, c: 2 } }],
  ['json.filter', [{ a: 1 }, [1]], U],
  ['json.remove', [{ a: { b: 1, c: 2 }, d: 3 }, ['a/b']], { a: { c: 2 }, d: 3 }],
  ['json.remove', [{ a: [1, 2, 3], b: 1 }, ['/a/1', 'b']], { a: [1, 3] }],
  ['json.remove', [{ 'x/y': 1, z: 2 }, ['x~1y']], { z: 2 }],
  ['json.marshal_with_options', [{ b: [1, {}], a: 'x' }, { pretty: true }], JSON.stringify({ a: 'x', b: [1, {}] }, null, '\t')],
  ['json.marshal_with_options', [{ a: [1, []] }, { indent: '  ', prefix: '>' }], '{\n>  "a": [\n>    1,\n>    []\n>  ]\n>}'],
  ['json.marshal_with_options', [{ a: 1 }, { pretty: false, indent: '  ' }], '{"a":1}'],
  ['json.marshal_with_options', [[1], {}], '[1]'], ['json.marshal_with_options', [1, { pretty: 1 }], U],
  ['json.marshal_with_options', [1, { colour: true }], U],
  ['json.is_valid', ['{"a":[1,2]}'], true], ['json.is_valid', ['{a'], false],
  ['numbers.range_step', [0, 10, 3], [0, 3, 6, 9]], ['numbers.range_step', [10, 0, 3], [10, 7, 4, 1]],
  ['numbers.range_step', [1, 1, 5], [1]], ['numbers.range_step', [0, 10, 0], U], ['numbers.range_step', [0, 1.5, 1], U],
  // strings.replace_n: Go strings.NewReplacer, no re-scanning of replaced text
  ['strings.replace_n', [{ '{name}': 'Bob', '{x}': '{name}' }, 'hi {name} {x}'], 'hi Bob {name}'],
  ['strings.replace_n', [{ a: 1 }, 'a'], U],
  // base64 / base64url / hex
  ['base64.encode', ['hello'], 'aGVsbG8='], ['base64.decode', ['aGVsbG8='], 'hello'],
  ['base64.decode', ['aGVsbG8'], U], ['base64.decode', ['aGV*bG8='], U],
  ['base64.is_valid', ['aGVsbG8='], true], ['base64.is_valid', ['aGVsbG8'], false],
  ['base64.encode', ['<<???>>'], Buffer.from('<<???>>').toString('base64')],
  ['base64url.encode', ['<<???>>'], 'PDw_Pz8-Pg=='], ['base64url.encode_no_pad', ['<<???>>'], 'PDw_Pz8-Pg'],
  ['base64url.decode', ['PDw_Pz8-Pg'], '<<???>>'], ['base64url.decode', ['PDw_Pz8-Pg=='], '<<???>>'],
  ['base64url.decode', ['PDw/Pz8+Pg=='], U],
  ['base64.encode', ['héllo🙂'], Buffer.from('héllo🙂').toString('base64')],
  ['base64.decode', [Buffer.from('héllo🙂').toString('base64')], 'héllo🙂'],
  ['hex.encode', ['hi é'], '686920c3a9'], ['hex.decode', ['686920C3A9'], 'hi é'],
  ['hex.decode', ['686'], U], ['hex.decode', ['6G'], U],
  // urlquery (Go QueryEscape: space → +, unreserved kept, %XX upper case)
  ['urlquery.encode', ['a b&c=d/é~'], 'a+b%26c%3Dd%2F%C3%A9~'],
  ['urlquery.decode', ['a+b%26c%3Dd%2F%C3%A9~'], 'a b&c=d/é~'], ['urlquery.decode', ['%zz'], U],
  ['urlquery.encode_object', [{ b: ['2', '1'], a: 'x y' }], 'a=x+y&b=2&b=1'],
  ['urlquery.encode_object', [{ a: 1 }], U],
  ['urlquery.decode_object', ['a=1&b=2&a=3&c'], { a: ['1', '3'], b: ['2'], c: [''] }],
  ['urlquery.decode_object', ['a=%zz'], U],
  // units: m = milli, M = mega, others case-insensitive; parse_bytes all case-insensitive
  ['units.parse', ['10K'], 10000], ['units.parse', ['1500m'], 1.5], ['units.parse', ['1Ki'], 1024],
  ['units.parse', ['2M'], 2000000], ['units.parse', ['1mi'], 1048576], ['units.parse', ['5'], 5],
  ['units.parse', ['0.5g'], 500000000], ['units.parse', ['x'], U], ['units.parse', ['1 K'], U], ['units.parse', ['1Q'], U],
  ['units.parse', ['1e-3K'], 1], ['units.parse', ['2.5e6M'], 2500000000000], ['units.parse', ['1E'], 1e18],
  ['units.parse', ['1e3'], 1000], ['units.parse_bytes', ['1.5e3MB'], 1500000000], ['units.parse_bytes', ['1e6KB'], 1000000000],
  ['units.parse_bytes', ['10KB'], 10000], ['units.parse_bytes', ['1KiB'], 1024], ['units.parse_bytes', ['4mb'], 4000000],
  ['units.parse_bytes', ['1.5Ki'], 1536], ['units.parse_bytes', ['100'], 100], ['units.parse_bytes', ['1.5'], 1],
  ['units.parse_bytes', ['"2GIB"'], 2147483648], ['units.parse_bytes', ['KB'], U], ['units.parse_bytes', ['1xb'], U],
  // semver precedence (OPA's: SemVer 2.0.0's order); build metadata ignored
  ['semver.compare', ['1.0.0', '1.0.1'], -1], ['semver.compare', ['2.0.0', '1.9.9'], 1],
  ['semver.compare', ['1.0.0-alpha', '1.0.0'], -1], ['semver.compare', ['1.0.0-alpha.1', '1.0.0-alpha.beta'], -1],
  ['semver.compare', ['1.0.0-beta.11', '1.0.0-beta.2'], 1], ['semver.compare', ['1.0.0-alpha', '1.0.0-alpha.1'], -1],
  ['semver.compare', ['1.0.0-rc.1+b.7', '1.0.0-rc.1'], 0], ['semver.compare', ['1.0', '1.0.0'], U],
  // OPA reads versions more leniently than SemVer 2.0.0: a leading "v" is dropped, core
  // numbers are Go int64s (leading zeros, a "+" sign), empty prerelease / metadata pass
  ['semver.is_valid', ['1.0.0-rc.1+build.5'], true], ['semver.is_valid', ['01.0.0'], true],
  ['semver.is_valid', ['1.0.0-01'], true], ['semver.is_valid', ['v1.0.0'], true], ['semver.is_valid', [1], false],
  ['semver.is_valid', ['1.2.3-'], true], ['semver.is_valid', ['1.2.3+'], true], ['semver.is_valid', ['1.+2.3'], false] /* '+' starts the metadata */,
  ['semver.is_valid', ['V1.0.0'], false], ['semver.is_valid', ['1.2'], false], ['semver.is_valid', ['1.2.3-a..b'], false],
  ['semver.is_valid', ['1.2.3+é'], false], ['semver.is_valid', ['9223372036854775808.0.0'], false], ['semver.is_valid', ['-1.0.0'], false],
  ['semver.compare', ['1.02.3', '1.2.3'], 0], ['semver.compare', ['v1.0.0', '1.0.0-rc.1'], 1], ['semver.compare', ['1.0.0-rc.10', '1.0.0-rc.9'], 1],
  ['semver.compare', ['1.0.0-alpha', '1.0.0-1'], 1], ['semver.compare', ['1.0.0-a.b', '1.0.0-a'], 1], ['semver.compare', ['1.0.0-007', '1.0.0-7'], 0],
  // hashes: lower-case hex
  ...(['', 'abc', 'héllo🙂', 'x'.repeat(200)] as const).flatMap((s): Case[] => [
    ['crypto.md5', [s], hash('md5', s)], ['crypto.sha1', [s], hash('sha1', s)], ['crypto.sha256', [s], hash('sha256', s)],
    ['crypto.hmac.md5', [s, 'key'], mac('md5', s, 'key')], ['crypto.hmac.sha1', [s, 'key'], mac('sha1', s, 'key')],
    ['crypto.hmac.sha256', [s, longKey], mac('sha256', s, longKey)], ['crypto.hmac.sha512', [s, longKey], mac('sha512', s, longKey)],
    ['crypto.hmac.sha512', [s, 'key'], mac('sha512', s, 'key')],
  ]),
  ['crypto.md5', [1], U], ['crypto.hmac.equal', ['ab', 'ab'], true], ['crypto.hmac.equal', ['ab', 'ac'], false],
  // net
  ['net.cidr_intersects', ['192.168.0.0/16', '192.168.1.0/24'], true],
  ['net.cidr_intersects', ['192.168.1.0/24', '192.168.0.0/16'], true],
  ['net.cidr_intersects', ['10.0.0.0/8', '192.168.0.0/16'], false],
  ['net.cidr_intersects', ['fd1e:5bfe:8af3:9ddc::/64', 'fd1e:5bfe:8af3:9ddc:1111::/72'], true],
  ['net.cidr_intersects', ['10.0.0.0/8', '10.0.0.1'], U],
  ['net.cidr_intersects', ['::/0', '10.0.0.0/8'], false], ['net.cidr_intersects', ['::ffff:10.0.0.0/104', '10.1.0.0/16'], true],
  ['net.cidr_is_valid', ['10.0.0.0/8'], true], ['net.cidr_is_valid', ['10.0.0.1'], false],
  ['net.cidr_is_valid', ['10.0.0.0/33'], false], ['net.cidr_is_valid', ['::/0'], true],
  ['net.cidr_contains_matches', ['1.1.1.0/24', ['1.1.1.128', ['1.1.254.1', 'foo']]], [['1.1.1.0/24', 0]]],
  ['net.cidr_contains_matches', [['1.1.0.0/16', '2.0.0.0/8'], { x: '1.1.2.3', y: ['2.2.2.2', 1] }], [[0, 'x'], [1, 'y']]],
  ['net.cidr_contains_matches', ['1.1.1.0/24', 'bad'], U], ['net.cidr_contains_matches', ['1.1.1.0/24', 5], U],
  ['net.cidr_expand', ['192.168.1.2/30'], ['192.168.1.0', '192.168.1.1', '192.168.1.2', '192.168.1.3']],
  ['net.cidr_expand', ['10.0.0.1/32'], ['10.0.0.1']], ['net.cidr_expand', ['10.0.0.1'], U],
  ['net.cidr_expand', ['10.0.0.255/23'], Array.from({ length: 512 }, (_, i) => `10.0.${i >> 8}.${i & 255}`).sort()],
  ['net.cidr_expand', ['2001:db8::ff/127'], ['2001:db8::fe', '2001:db8::ff']],
  ['net.cidr_expand', ['2001:db8:0:1:0:0:1:0/128'], ['2001:db8:0:1::1:0']],
  ['net.cidr_expand', ['1:0:0:1:0:0:0:ffff/128'], ['1:0:0:1::ffff']],
  ['net.cidr_expand', ['10.0.0.0/8'], U],
  ['trace', ['note'], true],
  ['net.cidr_merge', [['192.0.128.0/24', '192.0.129.0/24']], ['192.0.128.0/23']],
  ['net.cidr_merge', [['10.0.0.0/8', '10.1.0.0/16', '10.0.0.1', '10.0.0.1']], ['10.0.0.0/8']],
  ['net.cidr_merge', [['192.168.1.0', '192.168.1.1', '192.168.1.2', '192.168.1.3', '192.168.1.5']], ['192.168.1.0/30', '192.168.1.5/32']],
  ['net.cidr_merge', [['192.168.1.1/24', '192.168.3.0/24']], ['192.168.1.0/24', '192.168.3.0/24']],
  ['net.cidr_merge', [['2001:db8::/33', '2001:db8:8000::/33', '::1/128']], ['2001:db8::/32', '::1/128']],
  ['net.cidr_merge', [['0.0.0.0/1', '128.0.0.0/1']], ['0.0.0.0/0']],
  ['net.cidr_merge', [['::/0', '10.0.0.0/8']], ['10.0.0.0/8', '::/0']],
  ['net.cidr_merge', [['2001:db8::1']], U], ['net.cidr_merge', [['x']], U], ['net.cidr_merge', [[]], []],
  // deterministic time builtins (UTC only: no zone database); expectations from Date.UTC
  ['time.parse_duration_ns', ['1h30m'], 5400e9], ['time.parse_duration_ns', ['1.5s'], 1.5e9],
  ['time.parse_duration_ns', ['-300ms'], -300e6], ['time.parse_duration_ns', ['2µs3ns'], 2003],
  ['time.parse_duration_ns', ['0'], 0], ['time.parse_duration_ns', ['5'], U], ['time.parse_duration_ns', ['1d'], U],
  ['time.parse_duration_ns', [''], U],
  ['time.parse_rfc3339_ns', ['2017-06-02T19:00:00-07:00'], Date.UTC(2017, 5, 3, 2) * 1e6],
  ['time.parse_rfc3339_ns', ['1970-01-01T00:00:00.5Z'], 5e8],
  ['time.parse_rfc3339_ns', ['1969-12-31T23:59:59Z'], -1e9],
  ['time.parse_rfc3339_ns', ['2024-02-30T00:00:00Z'], U], ['time.parse_rfc3339_ns', ['2024-01-01 00:00:00Z'], U],
  ['time.parse_rfc3339_ns', ['2024-01-01T00:00:00'], U],
  ['time.date', [1_700_000_000_000_000_000], [2023, 11, 14]], ['time.clock', [1_700_000_000_000_000_000], [22, 13, 20]],
  ['time.weekday', [1_700_000_000_000_000_000], 'Tuesday'], ['time.weekday', [0], 'Thursday'],
  ['time.date', [-1], [1969, 12, 31]], ['time.clock', [-1], [23, 59, 59]],
  ['time.date', [[951782400e9, 'UTC']], [2000, 2, 29]], ['time.date', [[0, 'Europe/Paris']], U],
  ['time.date', ['x'], U],
  ['time.format', [1_700_000_000_000_000_000], '2023-11-14T22:13:20Z'], ['time.format', [[5e8, 'UTC']], '1970-01-01T00:00:00.5Z'],
  ['time.format', [-1], '1969-12-31T23:59:59.999999999Z'], ['time.format', [[0, 'America/New_York']], U],
  ['time.add_date', [Date.UTC(2023, 9, 31) * 1e6, 0, 1, 0], Date.UTC(2023, 11, 1) * 1e6],
  ['time.add_date', [Date.UTC(2024, 1, 29, 5) * 1e6, 1, 0, 0], Date.UTC(2025, 2, 1, 5) * 1e6],
  ['time.add_date', [Date.UTC(2024, 0, 15) * 1e6, 0, -13, -20], Date.UTC(2022, 10, 25) * 1e6],
  ['time.add_date', [0, 1, 'x', 0], U],
  ['time.diff', [Date.UTC(2024, 2, 1, 0, 0, 0) * 1e6, Date.UTC(2024, 0, 31, 23, 59, 59) * 1e6], [0, 1, 0, 0, 0, 1]],
  ['time.diff', [Date.UTC(2020, 0, 1) * 1e6, Date.UTC(2023, 5, 15, 12, 30, 45) * 1e6], [3, 5, 14, 12, 30, 45]],
  ['time.diff', [[Date.UTC(2023, 5, 15) * 1e6, 'UTC'], Date.UTC(2023, 5, 15) * 1e6], [0, 0, 0, 0, 0, 0]],
  ['time.diff', [0, [0, 'Asia/Tokyo']], U],
  // sprintf: OPA passes Go an int, a float64 or a string (the Rego text of other values)
  ['sprintf', ['%s|%v|%d', [5, 5, 5]], '%!s(int=5)|5|5'],
  ['sprintf', ['%v|%s|%d|%f', [1.5, 1.5, 1.5, 5]], '1.5|%!s(float64=1.5)|%!d(float64=1.5)|%!f(int=5)'],
  ['sprintf', ['%v %v %v', [1234567.5, 0.00001, 123456.5]], '1.2345675e+06 1e-05 123456.5'],
  ['sprintf', ['%s %t %d', [true, true, 'x']], 'true %!t(string=true) %!d(string=x)'],
  ['sprintf', ['%x %s %v', ['hi', [1, 'a'], null]], '6869 [1, "a"] null'],
  ['sprintf', ['%d %d'], U], ['sprintf', ['%d %d', [1]], '1 %!d(MISSING)'],
  ['sprintf', ['%d', [1, 2]], '1%!(EXTRA int=2)'],
  // graph.reachable: a set (dumped sorted); only vertices that are graph keys
  ['graph.reachable', [{ a: ['b'], b: ['c'], c: [], d: ['a'] }, ['a']], ['a', 'b', 'c']],
  ['graph.reachable', [{ a: ['z'] }, ['a', 'q']], ['a']],
  ['graph.reachable', [{ a: ['a'] }, 'a'], []], ['graph.reachable', [[1], ['a']], []],
  ['graph.reachable', [{ a: 'x', b: ['a'] }, ['b']], ['a', 'b']],
  // regex family = Go regexp: leftmost-first, submatches, empty-match rules, $-expansion
  ['regex.is_valid', ['^[a-z]+(x|y)?$'], true], ['regex.is_valid', ['a('], false], ['regex.is_valid', [1], false],
  ['regex.split', ['a', 'banana'], ['b', 'n', 'n', '']],
  ['regex.split', ['a*', 'abaabaccadaaae'], ['', 'b', 'b', 'c', 'c', 'd', 'e']],
  ['regex.split', ['[,;] *', 'a, b;c'], ['a', 'b', 'c']], ['regex.split', ['a', ''], ['']],
  ['regex.split', ['(', 'x'], U],
  ['regex.find_n', ['a.', 'paranormal', -1], ['ar', 'an', 'al']], ['regex.find_n', ['a.', 'paranormal', 2], ['ar', 'an']],
  ['regex.find_n', ['a.', 'none', -1], []], ['regex.find_n', ['a+?', 'aaa', -1], ['a', 'a', 'a']],
  ['regex.find_n', ['a+', 'aaa', -1], ['aaa']], ['regex.find_n', ['é+', 'xééy', -1], ['éé']],
  ['regex.find_n', ['x*', 'ab', -1], ['', '', '']], ['regex.find_n', ['a', 'a', 1.5], U],
  ['regex.find_all_string_submatch_n', ['a(x*)b', '-ab-axb-', -1], [['ab', ''], ['axb', 'x']]],
  ['regex.find_all_string_submatch_n', ['a(x*)b', '-axxb-ab-', 1], [['axxb', 'xx']]],
  ['regex.find_all_string_submatch_n', ['(a)|b', 'b', -1], [['b', '']]],
  ['regex.find_all_string_submatch_n', ['(?P<k>\\w+)=(\\d+)', 'a=1 b=22', -1], [['a=1', 'a', '1'], ['b=22', 'b', '22']]],
  ['regex.find_all_string_submatch_n', ['(a|ab)(c|bcd)(d*)', 'abcd', -1], [['abcd', 'a', 'bcd', '']]],
  ['regex.replace', ['-ab-axxb-', 'a(x*)b', 'T'], '-T-T-'], ['regex.replace', ['-ab-axxb-', 'a(x*)b', '$1'], '--xx-'],
  ['regex.replace', ['-ab-axxb-', 'a(x*)b', '$1W'], '---'], ['regex.replace', ['-ab-axxb-', 'a(x*)b', '${1}W'], '-W-xxW-'],
  ['regex.replace', ['k=v', '(?P<key>\\w+)=(?P<val>\\w+)', '${val}=$key $$ $'], 'v=k $ $'],
  ['regex.replace', ['abc', 'x*', '-'], '-a-b-c-'], ['regex.replace', ['baaac', 'a*', '-'], '-b-c-'],
  ['regex.replace', ['abc', '(', '-'], U],
  // regex engine: flags (scoped and not), \A \z, hex escapes, POSIX and negated classes in brackets
  ['regex.match', ['a(?i)b', 'aB'], true], ['regex.match', ['a(?i)b', 'AB'], false],
  ['regex.match', ['(?i:a)b', 'Ab'], true], ['regex.match', ['(?i:a)b', 'AB'], false],
  ['regex.match', ['(?i)[a-c]x', 'BX'], true], ['regex.match', ['(?i)a(?-i)b', 'Ab'], true], ['regex.match', ['(?i)a(?-i)b', 'AB'], false],
  ['regex.match', ['^b$', 'a\nb'], false], ['regex.match', ['(?m)^b$', 'a\nb\nc'], true],
  ['regex.match', ['a.b', 'a\nb'], false], ['regex.match', ['(?s)a.b', 'a\nb'], true],
  ['regex.find_n', ['(?U)a+', 'aaa', -1], ['a', 'a', 'a']], ['regex.find_n', ['(?U)a+?', 'aaa', -1], ['aaa']],
  ['regex.match', ['^[[:alpha:]]+$', 'abcXYZ'], true], ['regex.match', ['^[[:alpha:]]+$', 'ab1'], false],
  ['regex.match', ['^[[:^digit:]]+$', 'ab'], true], ['regex.match', ['^[[:^digit:]]+$', 'a1'], false],
  ['regex.match', ['^[\\D]+$', 'ab'], true], ['regex.match', ['^[\\D]+$', 'a1'], false],
  ['regex.match', ['^[^\\d\\s]+$', 'ab'], true], ['regex.match', ['^[^\\d\\s]+$', 'a b'], false],
  ['regex.match', ['^[[:punct:][:space:]]+$', '!. ;'], true],
  ['regex.match', ['\\x41\\x{42}', 'AB'], true], ['regex.match', ['\\Aab\\z', 'ab'], true],
  ['regex.match', ['(?m)\\Ab$', 'a\nb'], false],
  ['regex.is_valid', ['(?x)a'], false], ['regex.is_valid', ['[[:foo:]]'], false], ['regex.is_valid', ['(?)a'], false],
  ['regex.template_match', ['urn:foo:{.*}', 'urn:foo:bar:baz', '{', '}'], true],
  ['regex.template_match', ['urn:foo.bar:{[0-9]{2}}', 'urn:foo.bar:42', '{', '}'], true],
  ['regex.template_match', ['urn:foo.bar:{[0-9]{2}}', 'urn:fooxbar:42', '{', '}'], false],
  ['regex.template_match', ['a<b+>c', 'abbbc', '<', '>'], true], ['regex.template_match', ['a<b+>c', 'xabbbc', '<', '>'], false],
  ['regex.template_match', ['a{b', 'ab', '{', '}'], U],
  // json.patch: RFC 6902, atomic (one failing op → undefined)
  ['json.patch', [{ a: { foo: 1 } }, [{ op: 'add', path: '/a/bar', value: 2 }]], { a: { bar: 2, foo: 1 } }],
  ['json.patch', [{ a: [1, 2] }, [{ op: 'add', path: '/a/1', value: 9 }, { op: 'add', path: '/a/-', value: 3 }]], { a: [1, 9, 2, 3] }],
  ['json.patch', [{ a: [1, 2], b: 1 }, [{ op: 'remove', path: '/a/0' }, { op: 'replace', path: '/b', value: 'x' }]], { a: [2], b: 'x' }],
  ['json.patch', [{ a: { b: 1 } }, [{ op: 'move', from: '/a/b', path: '/c' }]], { a: {}, c: 1 }],
  ['json.patch', [{ a: { b: 1 } }, [{ op: 'copy', from: '/a', path: '/c' }]], { a: { b: 1 }, c: { b: 1 } }],
  ['json.patch', [{ a: 1 }, [{ op: 'test', path: '/a', value: 1 }, { op: 'add', path: '/t', value: true }]], { a: 1, t: true }],
  ['json.patch', [{ a: 1 }, [{ op: 'add', path: '/t', value: true }, { op: 'test', path: '/a', value: 2 }]], U],
  ['json.patch', [{ a: 1 }, [{ op: 'remove', path: '/b' }]], U],
  ['json.patch', [{ a: 1 }, [{ op: 'add', path: '/x/y', value: 1 }]], U],
  ['json.patch', [{ a: [1] }, [{ op: 'add', path: '/a/5', value: 1 }]], U],
  ['json.patch', [{ 'a/b': { '~': 0 } }, [{ op: 'replace', path: '/a~1b/~0', value: 1 }]], { 'a/b': { '~': 1 } }],
  ['json.patch', [{ a: 1 }, [{ op: 'add', path: '', value: [1] }]], [1]],
  ['json.patch', [{ a: { b: 1 } }, [{ op: 'add', path: ['a', 'c'], value: 2 }]], { a: { b: 1, c: 2 } }],
  ['json.patch', [{ a: 1 }, [{ op: 'frob', path: '/a' }]], U],
  // OPA trims every leading "/" of a string path: "a/b" and "//a/b" both name a.b
  ['json.patch', [{ a: { b: 1 } }, [{ op: 'replace', path: 'a/b', value: 2 }]], { a: { b: 2 } }],
  ['json.patch', [{ a: { b: 1 } }, [{ op: 'remove', path: '//a/b' }]], { a: {} }],
  ['json.patch', [[1, 2], [{ op: 'replace', path: '/2', value: 3 }]], U],
  ['json.patch', [[1, 2], [{ op: 'replace', path: '/-', value: 3 }]], U],
  ['json.patch', [{ a: 1 }, [{ op: 'replace', path: '', value: 2 }]], 2],
];

describe('VM builtins, extended set (via @open-policy-agent/opa-wasm)', () => {
  it(`computes ${cases.length} builtin cases like OPA`, async () => {
    expect(await builtinMismatches(cases)).toEqual([]);
  });
});

// Set arguments cannot be JSON constants: these go through the Rego front end.
const opa = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as { loadPolicy: typeof LoadPolicyFn };

describe('extended builtins with set arguments (compiled Rego)', () => {
  it('accept sets where OPA does', async () => {
    const source = `package t
concat_set := concat(",", {"b", "a", "c"})
filter_set := object.filter({"a": 1, "b": 2}, {"b"})
reach := graph.reachable({"a": {"b"}, "b": set()}, {"a"})
jfilter := json.filter({"a": {"b": 1, "c": 2}}, {"a/c"})
bits_sum := bits.or(bits.lsh(1, 4), bits.and(7, 2))
`;
    const out = compileRegoToWasm({ modules: [{ path: 't.rego', source }], entrypoints: ['t'] });
    expect(out.diagnostics).toEqual([]);
    const pol = await opa.loadPolicy(out.wasm!);
    const rs = pol.evaluate({}, 't') as { result: Record<string, unknown> }[];
    expect(rs[0]!.result).toEqual({
      concat_set: 'a,b,c', filter_set: { b: 2 }, reach: ['a', 'b'], jfilter: { a: { c: 2 } }, bits_sum: 18,
    });
  });
});

describe('json.patch on sets (OPA: an element is its own path; replace = remove, then add)', () => {
  it('adds an element only under its own value, and fails to replace through an edited element', async () => {
    const source = `package t
add_own := json.patch({"a", "b"}, [{"op": "add", "path": ["c"], "value": "c"}])
add_other := json.patch({"a", "b"}, [{"op": "add", "path": ["c"], "value": "d"}])
replace_other := json.patch({"a", "b"}, [{"op": "replace", "path": ["a"], "value": "c"}])
replace_same := json.patch({"a", "b"}, [{"op": "replace", "path": ["a"], "value": "a"}])
remove := json.patch({"a", "b"}, [{"op": "remove", "path": ["a"]}])
remove_missing := json.patch({"a", "b"}, [{"op": "remove", "path": ["z"]}])
nested_add := json.patch({{"a": [1, 2]}}, [{"op": "add", "path": [{"a": [1, 2]}, "a", "-"], "value": 3}])
nested_replace := json.patch({{"a": [1, 2]}}, [{"op": "replace", "path": [{"a": [1, 2]}, "a", 1], "value": 9}])
nested_test := json.patch({{"a": [1, 2]}}, [{"op": "test", "path": [{"a": [1, 2]}, "a", 1], "value": 2}])
stale_member := json.patch({{"a": [1]}}, [
  {"op": "add", "path": [{"a": [1]}, "a", "-"], "value": 2},
  {"op": "remove", "path": [{"a": [1]}]},
])
`;
    const out = compileRegoToWasm({ modules: [{ path: 't.rego', source }], entrypoints: ['t'] });
    expect(out.diagnostics).toEqual([]);
    const pol = await opa.loadPolicy(out.wasm!);
    const rs = pol.evaluate({}, 't') as { result: Record<string, unknown> }[];
    expect(rs[0]!.result).toEqual({
      add_own: ['a', 'b', 'c'], replace_same: ['a', 'b'], remove: ['b'],
      nested_add: [{ a: [1, 2, 3] }], nested_test: [{ a: [1, 2] }],
    });
  });
});
