// sprintf (Go fmt verbs, as OPA hands values to Go's fmt) and the Rego text of values.
import { Value, VArr, VObj, VSet, VNum, T_NUM, T_STR, T_ARR, T_OBJ, T_SET, vstr, numF, asStr, runeCount, runes } from "./values";
import { dumpToString } from "./json";
import { fromRunes, isNum } from "./args";

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
export function sprintf(fmt: string, args: Array<Value>): string {
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
