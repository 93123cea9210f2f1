// Builtins evaluated inside the module (no opa_builtinN host calls). A builtin returns
// null for "undefined", which is also how errors surface (OPA non-strict mode).
// To add one: give it an id in NAMES, implement it in callBuiltin, list it in
// VM_BUILTINS (src/regowasm/plan/ir.ts) and the table in docs/regowasm.md.
import {
  Value, VArr, VObj, VSet, VNum, VStr, VBool, T_NULL, T_BOOL, T_NUM, T_STR, T_ARR, T_OBJ, T_SET,
  compare, equal, vbool, vint, vfloat, vstr, numF, isInt, asStr, objGet, objPut, newObj, newSet,
  setAdd, setHas, setFrom, sortValues, runeCount, runes, typeName, NULL, TRUE, FALSE,
} from "./values";
import { dumpToString, parseJSONString, numberFromText, formatNumber } from "./json";
import { globMatch, globQuoteMeta } from "./glob";
import { regexMatch } from "./regex";
import { cidrContains } from "./cidr";
import { callExt, EXT_BASE } from "./ext";
import { unionObjects } from "./ext_data";

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

@inline function isNum(v: Value): bool { return v.t == T_NUM; }
@inline function isStr(v: Value): bool { return v.t == T_STR; }

function arith(op: i32, a: Value, b: Value): Value | null {
  if (!isNum(a) || !isNum(b)) return null;
  let x = changetype<VNum>(a), y = changetype<VNum>(b);
  if (x.isInt && y.isInt) {
    let p = x.i, q = y.i;
    switch (op) {
      case 6: { let r = p + q; if (((p ^ r) & (q ^ r)) >= 0) return vint(r); break; }
      case 7: { let r = p - q; if (((p ^ q) & (p ^ r)) >= 0) return vint(r); break; }
      case 8: {
        if (p == 0 || q == 0) return vint(0);
        let r = p * q;
        if (r / q == p && !(p == -1 && q == I64.MIN_VALUE) && !(q == -1 && p == I64.MIN_VALUE)) return vint(r);
        break;
      }
      case 9: { if (q == 0) return null; if (p % q == 0) return vint(p / q); break; }
      case 10: { if (q == 0) return null; return vint(p % q); }
    }
  }
  let fx = numF(a), fy = numF(b);
  switch (op) {
    case 6: return vfloat(fx + fy);
    case 7: return vfloat(fx - fy);
    case 8: return vfloat(fx * fy);
    case 9: return fy == 0 ? null : vfloat(fx / fy);
    default: {
      // OPA: modulo requires integers
      if (fx != Math.floor(fx) || fy != Math.floor(fy) || fy == 0) return null;
      return vfloat(fx % fy);
    }
  }
}

function setOf(v: Value): VSet { return changetype<VSet>(v); }

function setIntersect(a: VSet, b: VSet): VSet {
  let out = newSet();
  for (let i = 0; i < a.items.length; i++) if (setHas(b, a.items[i])) out.items.push(a.items[i]);
  return out;
}

function setUnion(a: VSet, b: VSet): VSet {
  let all = a.items.concat(b.items);
  return setFrom(all);
}

function setMinus(a: VSet, b: VSet): VSet {
  let out = newSet();
  for (let i = 0; i < a.items.length; i++) if (!setHas(b, a.items[i])) out.items.push(a.items[i]);
  return out;
}

/** Elements of an array or set (else null). */
function elems(v: Value): Array<Value> | null {
  if (v.t == T_ARR) return changetype<VArr>(v).items;
  if (v.t == T_SET) return changetype<VSet>(v).items;
  return null;
}

function strList(v: Value): Array<string> | null {
  let items = elems(v);
  if (items === null) return null;
  let out = new Array<string>();
  for (let i = 0; i < items!.length; i++) {
    let e = items![i];
    if (!isStr(e)) return null;
    out.push(asStr(e));
  }
  return out;
}

function cutset(s: string, set: string, left: bool, right: bool): string {
  let a = 0, b = s.length;
  if (left) while (a < b && set.indexOf(s.charAt(a)) >= 0) a++;
  if (right) while (b > a && set.indexOf(s.charAt(b - 1)) >= 0) b--;
  return s.substring(a, b);
}

function isSpace(c: i32): bool { return c == 32 || (c >= 9 && c <= 13) || c == 0x85 || c == 0xa0; }

function fromRunes(rs: Array<i32>, start: i32, end: i32): string {
  let out = "";
  for (let i = start; i < end; i++) out += String.fromCodePoint(rs[i]);
  return out;
}

function toInt(v: Value): i64 {
  let n = changetype<VNum>(v);
  return n.isInt ? n.i : <i64>n.f;
}

function intArg(v: Value): bool {
  if (!isNum(v)) return false;
  let n = changetype<VNum>(v);
  return n.isInt || n.f == Math.floor(n.f);
}

/** Rego-syntax text of a value, as OPA's sprintf prints composites (%v). */
export function regoString(v: Value): string {
  switch (v.t) {
    case T_ARR: {
      let items = changetype<VArr>(v).items;
      let parts = new Array<string>();
      for (let i = 0; i < items.length; i++) parts.push(regoString(items[i]));
      return "[" + parts.join(", ") + "]";
    }
    case T_SET: {
      let items = changetype<VSet>(v).items;
      if (items.length == 0) return "set()";
      let parts = new Array<string>();
      for (let i = 0; i < items.length; i++) parts.push(regoString(items[i]));
      return "{" + parts.join(", ") + "}";
    }
    case T_OBJ: {
      let o = changetype<VObj>(v);
      let parts = new Array<string>();
      for (let i = 0; i < o.keys.length; i++) parts.push(regoString(o.keys[i]) + ": " + regoString(o.vals[i]));
      return "{" + parts.join(", ") + "}";
    }
  }
  return dumpToString(v);
}

function pad(s: string, width: i32, left: bool, zero: bool): string {
  if (s.length >= width) return s;
  let fill = width - s.length;
  if (left) return s + " ".repeat(fill);
  if (zero) {
    let sign = s.length > 0 && (s.charAt(0) == "-" || s.charAt(0) == "+") ? s.charAt(0) : "";
    return sign + "0".repeat(fill) + s.substring(sign.length);
  }
  return " ".repeat(fill) + s;
}

function intText(a: Value, base: i32, upper: bool): string | null {
  if (!isNum(a)) return null;
  let n = changetype<VNum>(a);
  let v: i64;
  if (n.isInt) v = n.i;
  else if (n.f == Math.floor(n.f) && Math.abs(n.f) < 9.2e18) v = <i64>n.f;
  else return null;
  let neg = v < 0;
  let t = (neg ? -v : v).toString(base);
  if (upper) t = t.toUpperCase();
  return neg ? "-" + t : t;
}

/** sprintf with Go fmt verbs %s %v %d %x %X %o %b %f %q %t %%, flags - + 0, width, precision. */
function sprintf(fmt: string, args: Array<Value>): string {
  let out = "";
  let ai = 0;
  let n = fmt.length;
  for (let i = 0; i < n; i++) {
    let c = fmt.charAt(i);
    if (c != "%") { out += c; continue; }
    i++;
    if (i >= n) { out += "%!(NOVERB)"; break; }
    let left = false, plus = false, zero = false;
    while (i < n) {
      let f = fmt.charAt(i);
      if (f == "-") left = true; else if (f == "+") plus = true; else if (f == "0") zero = true; else if (f == " " || f == "#") {} else break;
      i++;
    }
    let width = 0;
    while (i < n && fmt.charCodeAt(i) >= 48 && fmt.charCodeAt(i) <= 57) { width = width * 10 + fmt.charCodeAt(i) - 48; i++; }
    let prec = -1;
    if (i < n && fmt.charAt(i) == ".") {
      i++; prec = 0;
      while (i < n && fmt.charCodeAt(i) >= 48 && fmt.charCodeAt(i) <= 57) { prec = prec * 10 + fmt.charCodeAt(i) - 48; i++; }
    }
    if (i >= n) { out += "%!(NOVERB)"; break; }
    let verb = fmt.charAt(i);
    if (verb == "%") { out += "%"; continue; }
    if (ai >= args.length) { out += "%!" + verb + "(MISSING)"; continue; }
    let a = args[ai++];
    // OPA hands Go's fmt an int (integral numbers), a float64, or a string (strings, and
    // the Rego text of everything else, e.g. "true", "[1, 2]"): verbs follow from that.
    let kind = goKind(a);
    let sval = kind == K_STR ? (a.t == T_STR ? asStr(a) : regoString(a)) : "";
    let text: string | null = null;
    let numeric = false;
    if (verb == "d") { if (kind == K_INT) { text = intText(a, 10, false); numeric = true; } }
    else if (verb == "x" || verb == "X") {
      if (kind == K_STR) {
        let bytes = Uint8Array.wrap(String.UTF8.encode(sval, false));
        let h = "";
        for (let k = 0; k < bytes.length; k++) { let b = <i32>bytes[k]; h += (b < 16 ? "0" : "") + b.toString(16); }
        text = verb == "X" ? h.toUpperCase() : h;
      } else if (kind == K_INT) { text = intText(a, 16, verb == "X"); numeric = true; }
    }
    else if (verb == "o") { if (kind == K_INT) { text = intText(a, 8, false); numeric = true; } }
    else if (verb == "b") { if (kind == K_INT) { text = intText(a, 2, false); numeric = true; } }
    else if (verb == "f" || verb == "F") { if (kind == K_FLOAT) { text = fixed(numF(a), prec < 0 ? 6 : prec); numeric = true; } }
    else if (verb == "q") { if (kind == K_STR) text = dumpToString(vstr(sval)); }
    else if (verb == "s" || verb == "v") {
      if (kind == K_STR) {
        text = sval;
        if (verb == "s" && prec >= 0) text = fromRunes(runes(text!), 0, min(prec, runeCount(text!)));
      } else if (verb == "v") { text = goValueText(a, kind); numeric = true; }
    }
    if (text === null) {
      out += "%!" + verb + "(" + (kind == K_INT ? "int" : kind == K_FLOAT ? "float64" : "string") + "=" + goValueText(a, kind) + ")";
      continue;
    }
    let t = text!;
    if (numeric && plus && !t.startsWith("-")) t = "+" + t;
    out += pad(t, width, left, zero && numeric && !left);
  }
  if (ai < args.length) {
    let extra = new Array<string>();
    for (let k = ai; k < args.length; k++) {
      let kind = goKind(args[k]);
      extra.push((kind == K_INT ? "int" : kind == K_FLOAT ? "float64" : "string") + "=" + goValueText(args[k], kind));
    }
    out += "%!(EXTRA " + extra.join(", ") + ")";
  }
  return out;
}

const K_INT = 0, K_FLOAT = 1, K_STR = 2;

function goKind(a: Value): i32 {
  if (a.t != T_NUM) return K_STR;
  let n = changetype<VNum>(a);
  if (n.isInt) return K_INT;
  return isFinite(n.f) ? K_FLOAT : K_STR; // beyond float64: OPA keeps the literal text
}

/** Go's %v text: ints in decimal, float64 as %g with the shortest digits, else the string. */
function goValueText(a: Value, kind: i32): string {
  if (kind == K_INT) return changetype<VNum>(a).i.toString();
  if (kind == K_FLOAT) return goFloat(changetype<VNum>(a).f);
  return a.t == T_STR ? asStr(a) : regoString(a);
}

/** strconv.FormatFloat(f, 'g', -1, 64), which %v uses: shortest digits, exponent form
 *  when the exponent is < -4 or >= 6 (1234567.5 → "1.2345675e+06", 1e-05). */
function goFloat(f: f64): string {
  if (f == 0) return "0";
  let neg = f < 0;
  let t = (neg ? -f : f).toString();
  // decompose AS's shortest text ("123.45", "1.5e+21", "1e-7") into digits + exponent
  let e = t.indexOf("e");
  let mant = e < 0 ? t : t.substring(0, e);
  let exp10 = e < 0 ? 0 : I32.parseInt(t.substring(e + 1).replace("+", ""));
  let dot = mant.indexOf(".");
  let intPart = dot < 0 ? mant : mant.substring(0, dot);
  let frac = dot < 0 ? "" : mant.substring(dot + 1);
  let digits = intPart + frac;
  let dp = intPart.length + exp10; // decimal point position within digits
  let lead = 0;
  while (lead < digits.length - 1 && digits.charCodeAt(lead) == 48) { lead++; dp--; }
  digits = digits.substring(lead);
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) == 48) end--;
  digits = digits.substring(0, end);
  let x = dp - 1;
  let s = "";
  if (x < -4 || x >= 6) {
    s = digits.substring(0, 1) + (digits.length > 1 ? "." + digits.substring(1) : "");
    let ax = x < 0 ? -x : x;
    s += "e" + (x < 0 ? "-" : "+") + (ax < 10 ? "0" : "") + ax.toString();
  } else if (dp <= 0) {
    s = "0." + "0".repeat(-dp) + digits;
  } else if (dp >= digits.length) {
    s = digits + "0".repeat(dp - digits.length);
  } else {
    s = digits.substring(0, dp) + "." + digits.substring(dp);
  }
  return neg ? "-" + s : s;
}

function fixed(f: f64, p: i32): string {
  let neg = f < 0;
  if (neg) f = -f;
  let scale = Math.pow(10, p);
  let r = Math.round(f * scale);
  let ip = <i64>Math.floor(r / scale);
  let fp = <i64>(r - <f64>ip * scale);
  let s = ip.toString();
  if (p > 0) {
    let fs = fp.toString();
    while (fs.length < p) fs = "0" + fs;
    s += "." + fs;
  }
  return neg ? "-" + s : s;
}

function aggregate(id: i32, v: Value): Value | null {
  let items = elems(v);
  if (items === null) return null;
  if (id == 20 || id == 21) { // sum, product
    let acc: Value = vint(id == 20 ? 0 : 1);
    for (let i = 0; i < items!.length; i++) {
      let r = arith(id == 20 ? 6 : 8, acc, items![i]);
      if (r === null) return null;
      acc = r!;
    }
    return acc;
  }
  if (id == 22 || id == 23) { // max, min
    if (items!.length == 0) return null;
    let best = items![0];
    for (let i = 1; i < items!.length; i++) {
      let c = compare(items![i], best);
      if ((id == 22 && c > 0) || (id == 23 && c < 0)) best = items![i];
    }
    return best;
  }
  if (id == 24) { let c = items!.slice(0); sortValues(c); return new VArr(c); }
  // all / any over booleans
  let anyTrue = false, allTrue = true;
  for (let i = 0; i < items!.length; i++) {
    let e = items![i];
    let t = e.t == T_BOOL && changetype<VBool>(e).b;
    if (t) anyTrue = true; else allTrue = false;
  }
  return vbool(id == 25 ? allTrue : anyTrue);
}

function toNumber(v: Value): Value | null {
  switch (v.t) {
    case T_NULL: return vint(0);
    case T_BOOL: return vint(changetype<VBool>(v).b ? 1 : 0);
    case T_NUM: return v;
    case T_STR: {
      let s = asStr(v);
      let parsed = parseJSONString(s);
      if (parsed === null || parsed!.t != T_NUM) return null;
      return parsed;
    }
  }
  return null;
}

export function callBuiltin(id: i32, a: StaticArray<Value>): Value | null {
  let n = a.length;
  switch (id) {
    case 0: if (n != 2) return null; return vbool(compare(a[0], a[1]) == 0);
    case 1: if (n != 2) return null; return vbool(compare(a[0], a[1]) != 0);
    case 2: if (n != 2) return null; return vbool(compare(a[0], a[1]) < 0);
    case 3: if (n != 2) return null; return vbool(compare(a[0], a[1]) <= 0);
    case 4: if (n != 2) return null; return vbool(compare(a[0], a[1]) > 0);
    case 5: if (n != 2) return null; return vbool(compare(a[0], a[1]) >= 0);
    case 6: case 8: case 9: case 10:
      if (n != 2) return null; return arith(id, a[0], a[1]);
    case 7: // minus: numbers or sets
      if (n != 2) return null;
      if (a[0].t == T_SET && a[1].t == T_SET) return setMinus(setOf(a[0]), setOf(a[1]));
      return arith(7, a[0], a[1]);
    case 11: if (n != 1 || !isNum(a[0])) return null;
      return isInt(a[0]) ? vint(changetype<VNum>(a[0]).i < 0 ? -changetype<VNum>(a[0]).i : changetype<VNum>(a[0]).i) : vfloat(Math.abs(numF(a[0])));
    case 12: case 13: case 14: {
      if (n != 1 || !isNum(a[0])) return null;
      if (isInt(a[0])) return a[0];
      let f = numF(a[0]);
      // OPA's round is half away from zero
      let r = id == 12 ? (f < 0 ? -Math.floor(-f + 0.5) : Math.floor(f + 0.5)) : (id == 13 ? Math.ceil(f) : Math.floor(f));
      return vfloat(r);
    }
    case 15: if (n != 2 || a[0].t != T_SET || a[1].t != T_SET) return null; return setIntersect(setOf(a[0]), setOf(a[1]));
    case 16: if (n != 2 || a[0].t != T_SET || a[1].t != T_SET) return null; return setUnion(setOf(a[0]), setOf(a[1]));
    case 17: case 18: {
      if (n != 1 || a[0].t != T_SET) return null;
      let sets = setOf(a[0]).items;
      if (sets.length == 0) return newSet();
      for (let i = 0; i < sets.length; i++) if (sets[i].t != T_SET) return null;
      let acc = setOf(sets[0]);
      for (let i = 1; i < sets.length; i++) acc = id == 17 ? setIntersect(acc, setOf(sets[i])) : setUnion(acc, setOf(sets[i]));
      return acc;
    }
    case 19: {
      if (n != 1) return null;
      let v = a[0];
      switch (v.t) {
        case T_ARR: return vint(changetype<VArr>(v).items.length);
        case T_SET: return vint(changetype<VSet>(v).items.length);
        case T_OBJ: return vint(changetype<VObj>(v).keys.length);
        case T_STR: return vint(runeCount(asStr(v)));
      }
      return null;
    }
    case 20: case 21: case 22: case 23: case 24: case 25: case 26:
      if (n != 1) return null; return aggregate(id, a[0]);
    case 27: if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null; return vbool(asStr(a[0]).startsWith(asStr(a[1])));
    case 28: if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null; return vbool(asStr(a[0]).endsWith(asStr(a[1])));
    case 29: if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null; return vbool(asStr(a[0]).indexOf(asStr(a[1])) >= 0);
    case 30: if (n != 1 || !isStr(a[0])) return null; return vstr(asStr(a[0]).toLowerCase());
    case 31: if (n != 1 || !isStr(a[0])) return null; return vstr(asStr(a[0]).toUpperCase());
    case 32: {
      if (n != 2 || !isStr(a[0])) return null;
      let parts = strList(a[1]);
      if (parts === null) return null;
      return vstr(parts!.join(asStr(a[0])));
    }
    case 33: {
      if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null;
      let s = asStr(a[0]), d = asStr(a[1]);
      let out = new Array<Value>();
      if (d.length == 0) { let rs = runes(s); for (let i = 0; i < rs.length; i++) out.push(vstr(String.fromCodePoint(rs[i]))); }
      else { let parts = s.split(d); for (let i = 0; i < parts.length; i++) out.push(vstr(parts[i])); }
      return new VArr(out);
    }
    case 34: if (n != 3 || !isStr(a[0]) || !isStr(a[1]) || !isStr(a[2])) return null;
      if (asStr(a[1]).length == 0) { // Go: an empty `old` matches before every rune and at the end
        let rs = runes(asStr(a[0])), by = asStr(a[2]);
        let out = by;
        for (let i = 0; i < rs.length; i++) out += String.fromCodePoint(rs[i]) + by;
        return vstr(out);
      }
      return vstr(asStr(a[0]).replaceAll(asStr(a[1]), asStr(a[2])));
    case 35: {
      if (n != 3 || !isStr(a[0]) || !intArg(a[1]) || !intArg(a[2])) return null;
      let rs = runes(asStr(a[0]));
      let start = toInt(a[1]), len = toInt(a[2]);
      if (start < 0) return null;
      if (start >= <i64>rs.length) return vstr("");
      let stop = len < 0 ? <i64>rs.length : min(<i64>rs.length, start + len);
      return vstr(fromRunes(rs, <i32>start, <i32>stop));
    }
    case 36: {
      if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null;
      let s = asStr(a[0]);
      let i = s.indexOf(asStr(a[1]));
      if (i < 0) return vint(-1);
      return vint(runeCount(s.substring(0, i)));
    }
    case 37: case 38: case 39: {
      if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null;
      return vstr(cutset(asStr(a[0]), asStr(a[1]), id != 39, id != 38));
    }
    case 40: {
      if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null;
      let s = asStr(a[0]), p = asStr(a[1]);
      return vstr(s.startsWith(p) ? s.substring(p.length) : s);
    }
    case 41: {
      if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null;
      let s = asStr(a[0]), p = asStr(a[1]);
      return vstr(s.endsWith(p) ? s.substring(0, s.length - p.length) : s);
    }
    case 42: {
      if (n != 1 || !isStr(a[0])) return null;
      let s = asStr(a[0]);
      let x = 0, y = s.length;
      while (x < y && isSpace(s.charCodeAt(x))) x++;
      while (y > x && isSpace(s.charCodeAt(y - 1))) y--;
      return vstr(s.substring(x, y));
    }
    case 43: {
      if (n != 2 || !isStr(a[0]) || a[1].t != T_ARR) return null;
      return vstr(sprintf(asStr(a[0]), changetype<VArr>(a[1]).items));
    }
    case 44: {
      if (n != 2 || !isNum(a[0]) || !intArg(a[1])) return null;
      let base = <i32>toInt(a[1]);
      if (base != 2 && base != 8 && base != 10 && base != 16) return null;
      let v = <i64>Math.floor(numF(a[0]));
      if (isInt(a[0])) v = changetype<VNum>(a[0]).i;
      let neg = v < 0;
      let s = (neg ? -v : v).toString(base);
      return vstr(neg ? "-" + s : s);
    }
    case 45: {
      if (n != 1 || !isStr(a[0])) return null;
      let rs = runes(asStr(a[0]));
      rs.reverse();
      return vstr(fromRunes(rs, 0, rs.length));
    }
    case 46: {
      if (n != 3 || !isStr(a[0]) || !isStr(a[2])) return null;
      let delims: Array<string> | null;
      if (a[1].t == T_NULL) delims = new Array<string>();
      else {
        delims = strList(a[1]);
        if (delims === null) return null;
        if (delims!.length == 0) delims!.push(".");
      }
      let r = globMatch(asStr(a[0]), delims!, asStr(a[2]));
      if (r < 0) return null;
      return vbool(r == 1);
    }
    case 47: if (n != 1 || !isStr(a[0])) return null; return vstr(globQuoteMeta(asStr(a[0])));
    case 48: {
      if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null;
      let r = regexMatch(asStr(a[0]), asStr(a[1]));
      if (r < 0) return null;
      return vbool(r == 1);
    }
    case 49: { // object.get(obj, key | path array, default)
      if (n != 3 || a[0].t != T_OBJ) return null;
      let cur: Value = a[0];
      if (a[1].t == T_ARR) {
        let path = changetype<VArr>(a[1]).items;
        for (let i = 0; i < path.length; i++) {
          let next: Value | null = null;
          if (cur.t == T_OBJ) next = objGet(changetype<VObj>(cur), path[i]);
          else if (cur.t == T_ARR && isInt(path[i])) {
            let k = changetype<VNum>(path[i]).i, items = changetype<VArr>(cur).items;
            if (k >= 0 && k < <i64>items.length) next = items[<i32>k];
          } else if (cur.t == T_SET && setHas(changetype<VSet>(cur), path[i])) next = path[i];
          if (next === null) return a[2];
          cur = next!;
        }
        return cur;
      }
      let r = objGet(changetype<VObj>(a[0]), a[1]);
      return r !== null ? r : a[2];
    }
    case 50: {
      if (n != 1 || a[0].t != T_OBJ) return null;
      return new VSet(changetype<VObj>(a[0]).keys.slice(0));
    }
    case 51: {
      if (n != 2 || a[0].t != T_OBJ) return null;
      let rm = elems(a[1]);
      let o = changetype<VObj>(a[0]);
      let out = newObj();
      for (let i = 0; i < o.keys.length; i++) {
        let k = o.keys[i];
        let drop = false;
        if (rm !== null) { for (let j = 0; j < rm!.length; j++) if (equal(rm![j], k)) { drop = true; break; } }
        else if (a[1].t == T_OBJ) drop = objGet(changetype<VObj>(a[1]), k) !== null;
        else return null;
        if (!drop) { out.keys.push(k); out.vals.push(o.vals[i]); }
      }
      return out;
    }
    case 52: {
      if (n != 2 || a[0].t != T_OBJ || a[1].t != T_OBJ) return null;
      return unionObjects(changetype<VObj>(a[0]), changetype<VObj>(a[1]));
    }
    case 53: {
      if (n != 2 || a[0].t != T_ARR || a[1].t != T_ARR) return null;
      return new VArr(changetype<VArr>(a[0]).items.concat(changetype<VArr>(a[1]).items));
    }
    case 54: {
      if (n != 3 || a[0].t != T_ARR || !intArg(a[1]) || !intArg(a[2])) return null;
      let items = changetype<VArr>(a[0]).items;
      let s = max<i64>(0, toInt(a[1])), e = min<i64>(<i64>items.length, toInt(a[2]));
      if (s > e) return new VArr(new Array<Value>());
      return new VArr(items.slice(<i32>s, <i32>e));
    }
    case 55: {
      if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null;
      let r = cidrContains(asStr(a[0]), asStr(a[1]));
      if (r < 0) return null;
      return vbool(r == 1);
    }
    case 56: if (n != 1) return null; return vbool(a[0].t == T_STR);
    case 57: if (n != 1) return null; return vbool(a[0].t == T_NUM);
    case 58: if (n != 1) return null; return vbool(a[0].t == T_BOOL);
    case 59: if (n != 1) return null; return vbool(a[0].t == T_ARR);
    case 60: if (n != 1) return null; return vbool(a[0].t == T_SET);
    case 61: if (n != 1) return null; return vbool(a[0].t == T_OBJ);
    case 62: if (n != 1) return null; return vbool(a[0].t == T_NULL);
    case 63: if (n != 1) return null; return vstr(typeName(a[0]));
    case 64: if (n != 1) return null; return toNumber(a[0]);
    case 65: if (n != 1) return null; return vstr(dumpToString(a[0]));
    case 66: if (n != 1 || !isStr(a[0])) return null; return parseJSONString(asStr(a[0]));
    case 67: case 68: {
      if (n != 2) return null;
      let xs = a[0].t == T_STR ? [asStr(a[0])] : strList(a[0]);
      let ys = a[1].t == T_STR ? [asStr(a[1])] : strList(a[1]);
      if (xs === null || ys === null) return null;
      for (let i = 0; i < xs!.length; i++) for (let j = 0; j < ys!.length; j++) {
        if (id == 67 ? xs![i].startsWith(ys![j]) : xs![i].endsWith(ys![j])) return TRUE;
      }
      return FALSE;
    }
    case 69: {
      if (n != 2) return null;
      let r = subset(a[0], a[1]);
      if (r < 0) return null;
      return vbool(r == 1);
    }
    case 70: {
      if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null;
      let s = asStr(a[0]), sub = asStr(a[1]);
      let out = new Array<Value>();
      if (sub.length == 0) return new VArr(out);
      let from = 0;
      while (true) {
        let i = s.indexOf(sub, from);
        if (i < 0) break;
        out.push(vint(runeCount(s.substring(0, i))));
        from = i + 1;
      }
      return new VArr(out);
    }
    case 71: {
      if (n != 2 || !isStr(a[0]) || !isStr(a[1])) return null;
      let s = asStr(a[0]), sub = asStr(a[1]);
      if (sub.length == 0) return vint(runeCount(s) + 1);
      let count = 0, from = 0;
      while (true) { let i = s.indexOf(sub, from); if (i < 0) break; count++; from = i + sub.length; }
      return vint(count);
    }
    case 72: {
      if (n != 2 || !isInt(a[0]) || !isInt(a[1])) return null;
      let x = changetype<VNum>(a[0]).i, y = changetype<VNum>(a[1]).i;
      let len = x <= y ? y - x : x - y;
      if (len > 10000000) return null;
      let out = new Array<Value>();
      if (x <= y) for (let v = x; v <= y; v++) out.push(vint(v));
      else for (let v = x; v >= y; v--) out.push(vint(v));
      return new VArr(out);
    }
  }
  if (id >= EXT_BASE) return callExt(id, a);
  return null;
}

/** object.subset(super, sub): 1/0, or -1 on a type error. Objects recurse key-wise; sets
 *  and array-vs-set test membership; arrays test for a contiguous sub-array. */
function subset(sup: Value, sub: Value): i32 {
  if (sup.t == T_OBJ && sub.t == T_OBJ) return objSubset(changetype<VObj>(sup), changetype<VObj>(sub)) ? 1 : 0;
  if (sup.t == T_SET && sub.t == T_SET) return setSubset(changetype<VSet>(sup).items, changetype<VSet>(sub).items) ? 1 : 0;
  if (sup.t == T_ARR && sub.t == T_SET) return setSubset(changetype<VArr>(sup).items, changetype<VSet>(sub).items) ? 1 : 0;
  if (sup.t == T_ARR && sub.t == T_ARR) return arraySubset(changetype<VArr>(sup).items, changetype<VArr>(sub).items) ? 1 : 0;
  return -1;
}

function setSubset(sup: Array<Value>, sub: Array<Value>): bool {
  for (let i = 0; i < sub.length; i++) {
    let found = false;
    for (let j = 0; j < sup.length; j++) if (equal(sup[j], sub[i])) { found = true; break; }
    if (!found) return false;
  }
  return true;
}

function arraySubset(sup: Array<Value>, sub: Array<Value>): bool {
  if (sub.length == 0) return true;
  for (let s = 0; s + sub.length <= sup.length; s++) {
    let ok = true;
    for (let k = 0; k < sub.length; k++) if (!equal(sup[s + k], sub[k])) { ok = false; break; }
    if (ok) return true;
  }
  return false;
}

function objSubset(sup: VObj, sub: VObj): bool {
  for (let i = 0; i < sub.keys.length; i++) {
    let sv = objGet(sup, sub.keys[i]);
    if (sv === null) return false;
    let bv = sub.vals[i];
    let r = sv!.t == bv.t && (bv.t == T_OBJ || bv.t == T_SET || bv.t == T_ARR) ? subset(sv!, bv) : (equal(sv!, bv) ? 1 : 0);
    if (r != 1) return false;
  }
  return true;
}
