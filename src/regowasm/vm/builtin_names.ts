// The builtins the VM evaluates itself, by id: an id is a name's index in NAMES, fixed
// when the program is loaded (program.ts) and dispatched by callBuiltin (builtins.ts) and,
// from EXT_BASE on, by callExt (ext.ts).
const NAMES: Array<string> = [
  "equal", "neq", "lt", "lte", "gt", "gte",                                   // 0-5
  "plus", "minus", "mul", "div", "rem", "abs", "round", "ceil", "floor",      // 6-14
  "and", "or", "intersection", "union",                                        // 15-18
  "count", "sum", "product", "max", "min", "sort", "all", "any",              // 19-26
  "startswith", "endswith", "contains", "lower", "upper", "concat", "split",  // 27-33
  "replace", "substring", "indexof", "trim", "trim_left", "trim_right",       // 34-39
  "trim_prefix", "trim_suffix", "trim_space", "sprintf", "format_int",        // 40-44
  "strings.reverse",                                                           // 45
  "glob.match", "glob.quote_meta", "regex.match",                             // 46-48
  "object.get", "object.keys", "object.remove", "object.union", "array.concat", "array.slice", // 49-54
  "net.cidr_contains",                                                         // 55
  "is_string", "is_number", "is_boolean", "is_array", "is_set", "is_object", "is_null", // 56-62
  "type_name", "to_number", "json.marshal", "json.unmarshal",                 // 63-66
  "strings.any_prefix_match", "strings.any_suffix_match", "object.subset",     // 67-69
  "indexof_n", "strings.count", "numbers.range",                               // 70-72
  // 73+: dispatched by ext.ts (order = its case numbers)
  "bits.and", "bits.or", "bits.xor", "bits.lsh", "bits.rsh", "bits.negate",   // 73-78
  "array.reverse", "object.union_n", "object.filter", "json.filter", "json.remove", // 79-83
  "json.is_valid", "numbers.range_step", "strings.replace_n",                  // 84-86
  "base64.encode", "base64.decode", "base64.is_valid", "base64url.encode",     // 87-90
  "base64url.encode_no_pad", "base64url.decode", "hex.encode", "hex.decode",   // 91-94
  "urlquery.encode", "urlquery.decode", "urlquery.encode_object", "urlquery.decode_object", // 95-98
  "units.parse", "units.parse_bytes", "semver.compare", "semver.is_valid",     // 99-102
  "crypto.md5", "crypto.sha1", "crypto.sha256",                                // 103-105
  "crypto.hmac.md5", "crypto.hmac.sha1", "crypto.hmac.sha256", "crypto.hmac.sha512", // 106-109
  "crypto.hmac.equal", "net.cidr_intersects", "net.cidr_is_valid", "graph.reachable", // 110-113
  "regex.is_valid", "regex.split", "regex.find_n", "regex.find_all_string_submatch_n", // 114-117
  "regex.replace", "json.patch",                                               // 118-119
  "net.cidr_contains_matches", "net.cidr_expand", "trace",                     // 120-122
  "time.parse_duration_ns", "time.parse_rfc3339_ns", "time.date", "time.clock", "time.weekday", // 123-127
  "regex.template_match", "time.format", "time.add_date", "net.cidr_merge",    // 128-131
  "json.marshal_with_options", "time.diff",                                    // 132-133
];

export function builtinId(name: string): i32 {
  for (let i = 0; i < NAMES.length; i++) if (NAMES[i] == name) return i;
  return -1;
}
