/**
 * Builtin signatures the planner needs: arity (to tell an output argument `f(a, b, out)`
 * from an input) for the builtins the VM implements (ir.ts VM_BUILTINS), and the names of
 * other OPA builtins so that a call to one is reported as "not supported" rather than
 * "undefined function".
 */
import { VM_BUILTINS } from './ir.ts';

/** Arities of OPA builtins (a superset of VM_BUILTINS, so that a builtin the VM gains is
 *  usable as soon as ir.ts lists it). */
const ARITY: Record<string, number> = {
  equal: 2, neq: 2, lt: 2, lte: 2, gt: 2, gte: 2,
  plus: 2, minus: 2, mul: 2, div: 2, rem: 2, abs: 1, round: 1, ceil: 1, floor: 1,
  and: 2, or: 2, intersection: 1, union: 1,
  count: 1, sum: 1, product: 1, max: 1, min: 1, sort: 1, all: 1, any: 1,
  startswith: 2, endswith: 2, contains: 2, lower: 1, upper: 1, concat: 2, split: 2, replace: 3,
  substring: 3, indexof: 2, trim: 2, trim_left: 2, trim_right: 2, trim_prefix: 2, trim_suffix: 2,
  trim_space: 1, sprintf: 2, format_int: 2, 'strings.reverse': 1,
  'glob.match': 3, 'glob.quote_meta': 1, 'regex.match': 2,
  'object.get': 3, 'object.keys': 1, 'object.remove': 2, 'object.union': 2,
  'array.concat': 2, 'array.slice': 3,
  'net.cidr_contains': 2,
  is_string: 1, is_number: 1, is_boolean: 1, is_array: 1, is_set: 1, is_object: 1, is_null: 1,
  type_name: 1, to_number: 1,
  'json.marshal': 1, 'json.unmarshal': 1,
  'strings.any_prefix_match': 2, 'strings.any_suffix_match': 2, 'strings.count': 2,
  'strings.replace_n': 2, 'object.subset': 2, 'object.filter': 2, 'object.union_n': 1,
  'indexof_n': 2, 'numbers.range': 2, 'numbers.range_step': 3, 'array.reverse': 1,
  'base64.encode': 1, 'base64.decode': 1, 'base64url.encode': 1, 'base64url.decode': 1,
  'hex.encode': 1, 'hex.decode': 1, 'urlquery.encode': 1, 'urlquery.decode': 1,
  'regex.split': 2, 'regex.replace': 3, 'regex.is_valid': 1, 'regex.find_n': 3,
  'net.cidr_intersects': 2, 'net.cidr_is_valid': 1, 'semver.compare': 2, 'semver.is_valid': 1,
  'to_array': 1, 'to_set': 1, 'json.is_valid': 1, 'units.parse': 1, 'units.parse_bytes': 1,
  'bits.or': 2, 'bits.and': 2, 'bits.negate': 1, 'bits.xor': 2, 'bits.lsh': 2, 'bits.rsh': 2,
  'crypto.sha256': 1, 'crypto.md5': 1, 'crypto.sha1': 1, 'time.now_ns': 0,
};

const VM_SET: ReadonlySet<string> = new Set(VM_BUILTINS);

/** Arity of a builtin the VM implements, or undefined. */
export function vmBuiltinArity(name: string): number | undefined {
  return VM_SET.has(name) && Object.prototype.hasOwnProperty.call(ARITY, name) ? ARITY[name] : undefined;
}

/** Other OPA builtins (not implemented by the VM): calls are rejected as unsupported. */
const OTHER_OPA_BUILTINS = new Set([
  'print', 'trace', 'numbers.range', 'numbers.range_step', 'object.subset', 'object.filter',
  'object.union_n', 'indexof_n', 'strings.count', 'strings.any_prefix_match',
  'strings.any_suffix_match', 'strings.replace_n', 'regex.split', 'regex.find_n',
  'regex.find_all_string_submatch_n', 'regex.replace', 'regex.is_valid', 'regex.template_match',
  'regex.globs_match', 'units.parse', 'units.parse_bytes', 'time.now_ns', 'time.parse_rfc3339_ns',
  'time.parse_ns', 'time.date', 'time.clock', 'time.add_date', 'time.weekday', 'time.diff',
  'base64.encode', 'base64.decode', 'base64url.encode', 'base64url.decode',
  'base64url.encode_no_pad', 'base64.is_valid', 'hex.encode', 'hex.decode', 'urlquery.encode',
  'urlquery.decode', 'urlquery.encode_object', 'urlquery.decode_object', 'yaml.marshal',
  'yaml.unmarshal', 'yaml.is_valid', 'json.is_valid', 'json.filter', 'json.remove', 'json.patch',
  'json.match_schema', 'json.verify_schema', 'crypto.sha256', 'crypto.md5', 'crypto.sha1',
  'crypto.hmac.sha256', 'io.jwt.decode', 'io.jwt.decode_verify', 'http.send', 'net.cidr_intersects',
  'net.cidr_expand', 'net.cidr_merge', 'net.cidr_is_valid', 'net.cidr_contains_matches',
  'net.lookup_ip_addr', 'uuid.rfc4122', 'uuid.parse', 'rand.intn', 'semver.compare',
  'semver.is_valid', 'array.reverse', 'cast_array', 'cast_set', 'cast_string', 'cast_boolean',
  'cast_null', 'cast_object', 'to_array', 'to_set', 'walk', 'bits.or', 'bits.and', 'bits.negate',
  'bits.xor', 'bits.lsh', 'bits.rsh', 'graph.reachable', 'graph.reachable_paths', 'opa.runtime',
  'rego.parse_module', 'rego.metadata.chain', 'rego.metadata.rule', 'strings.render_template',
  'format_int', 'providers.aws.sign_req', 'glob.match', 'set_diff', 'assign', 'internal.member_2',
  'internal.member_3', 'internal.print', 'object.keys',
]);

export function isKnownOpaBuiltin(name: string): boolean {
  return OTHER_OPA_BUILTINS.has(name) || vmBuiltinArity(name) !== undefined;
}

/** Binary operators → the VM builtin computing their value. */
export const OPERATOR_BUILTIN: Record<string, string> = {
  '==': 'equal', '!=': 'neq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte',
  '+': 'plus', '-': 'minus', '*': 'mul', '/': 'div', '%': 'rem', '|': 'or', '&': 'and',
};
