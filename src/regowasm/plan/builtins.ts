/**
 * Builtin signatures the planner needs: arity (to tell an output argument `f(a, b, out)`
 * from an input) for the builtins the VM implements (ir.ts VM_BUILTINS), and the names of
 * other OPA builtins so that a call to one is reported as "not supported" rather than
 * "undefined function".
 */
import { VM_BUILTIN_ARITY } from './ir.ts';

/** Arity of a builtin the VM implements (ir.ts VM_BUILTIN_ARITY, kept by the VM's owner:
 *  VM_BUILTINS plus VM_BUILTINS_EXTRA), or undefined. */
export function vmBuiltinArity(name: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(VM_BUILTIN_ARITY, name) ? VM_BUILTIN_ARITY[name] : undefined;
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

/** Builtins the planner compiles itself instead of calling the VM: `walk` (a relation,
 *  planned as a recursive Func over the value's tree, as OPA's own planner special-cases
 *  it) and `print` (compiled as a no-op that evaluates its arguments: print never changes
 *  a decision and never fails). Value: arity without the output argument, or undefined
 *  when variadic. */
const PLANNED_BUILTINS = new Map<string, number | undefined>([['walk', 1], ['print', undefined]]);

export function isPlannedBuiltin(name: string): boolean {
  return PLANNED_BUILTINS.has(name);
}

export function plannedBuiltinArity(name: string): number | undefined {
  return PLANNED_BUILTINS.get(name);
}

/** Arities of OPA builtins the VM lacks that a policy may mock with `with` (the arity
 *  tells the output-argument form `http.send(req, resp)` apart). Calls to these are RG201
 *  only where an entrypoint reaches them unmocked; calls to other builtins the VM lacks
 *  are RG201 wherever they are. */
const MOCKABLE_ARITY: Record<string, number> = {
  'http.send': 1, 'time.now_ns': 0, 'opa.runtime': 0, 'rand.intn': 2, 'uuid.rfc4122': 1,
  'net.lookup_ip_addr': 1, 'io.jwt.decode_verify': 2, 'io.jwt.decode': 1,
  'time.parse_rfc3339_ns': 1, 'time.parse_ns': 2, 'time.date': 1, 'time.clock': 1,
  'time.weekday': 1, 'time.add_date': 4, 'time.diff': 2,
  'crypto.sha256': 1, 'crypto.md5': 1, 'crypto.sha1': 1, 'crypto.hmac.sha256': 2,
  'base64.encode': 1, 'base64.decode': 1, 'base64url.encode': 1, 'base64url.decode': 1,
  'hex.encode': 1, 'hex.decode': 1, 'yaml.marshal': 1, 'yaml.unmarshal': 1,
  'urlquery.encode': 1, 'urlquery.decode': 1, 'semver.compare': 2, 'semver.is_valid': 1,
  'units.parse': 1, 'units.parse_bytes': 1, 'net.cidr_intersects': 2, 'net.cidr_is_valid': 1,
};

export function mockableArity(name: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(MOCKABLE_ARITY, name) ? MOCKABLE_ARITY[name] : undefined;
}

export function isKnownOpaBuiltin(name: string): boolean {
  return OTHER_OPA_BUILTINS.has(name) || vmBuiltinArity(name) !== undefined;
}

/** Binary operators → the VM builtin computing their value. */
export const OPERATOR_BUILTIN: Record<string, string> = {
  '==': 'equal', '!=': 'neq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte',
  '+': 'plus', '-': 'minus', '*': 'mul', '/': 'div', '%': 'rem', '|': 'or', '&': 'and',
};
