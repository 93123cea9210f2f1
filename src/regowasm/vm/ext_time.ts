// Deterministic time builtins (no clock, no time-zone database): time.parse_duration_ns
// (Go's time.ParseDuration), time.parse_rfc3339_ns (Go's time.Parse(time.RFC3339, …)),
// time.date / time.clock / time.weekday / time.format (RFC 3339, or a Go layout: ext_layout.ts) / time.diff
// of a ns timestamp in UTC or in a zone whose offset table the planner compiled in
// (src/regowasm/plan/zones.ts), time.add_date in UTC.
import { formatLayout, namedLayout, uncertainLayout } from "./ext_layout";
import { Value, VArr, VNum, VObj, T_STR, T_ARR, T_OBJ, vint, vstr, asStr, isInt, objGet } from "./values";

const NS_PER_SEC: i64 = 1000000000;
const NS_PER_DAY: i64 = 86400 * NS_PER_SEC;
const MAX: i64 = I64.MAX_VALUE;

function unitNs(u: string): i64 {
  if (u == "ns") return 1;
  if (u == "us" || u == "\u00b5s" || u == "\u03bcs") return 1000;
  if (u == "ms") return 1000000;
  if (u == "s") return NS_PER_SEC;
  if (u == "m") return 60 * NS_PER_SEC;
  if (u == "h") return 3600 * NS_PER_SEC;
  return 0;
}

function isDigit(c: i32): bool { return c >= 48 && c <= 57; }

export function parseDuration(v: Value): Value | null {
  if (v.t != T_STR) return null;
  let s = asStr(v);
  let i = 0;
  let neg = false;
  if (i < s.length && (s.charAt(i) == "-" || s.charAt(i) == "+")) { neg = s.charAt(i) == "-"; i++; }
  if (s.substring(i) == "0") return vint(0);
  if (i >= s.length) return null;
  let total: i64 = 0;
  while (i < s.length) {
    let whole: i64 = 0, frac: i64 = 0, scale: i64 = 1;
    let digits = 0;
    while (i < s.length && isDigit(s.charCodeAt(i))) {
      if (whole > (MAX - 9) / 10) return null;
      whole = whole * 10 + (s.charCodeAt(i) - 48); i++; digits++;
    }
    if (i < s.length && s.charAt(i) == ".") {
      i++;
      while (i < s.length && isDigit(s.charCodeAt(i))) {
        if (scale < 1000000000000000000) { frac = frac * 10 + (s.charCodeAt(i) - 48); scale *= 10; }
        i++; digits++;
      }
    }
    if (digits == 0) return null;
    let u = i;
    while (u < s.length && s.charAt(u) != "." && !isDigit(s.charCodeAt(u))) u++;
    let unit = unitNs(s.substring(i, u));
    if (unit == 0) return null;
    i = u;
    if (whole > MAX / unit) return null;
    let part = whole * unit + <i64>(<f64>frac * (<f64>unit / <f64>scale));
    if (part < 0 || total > MAX - part) return null;
    total += part;
  }
  return vint(neg ? -total : total);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (civil calendar arithmetic). */
function daysFromCivil(y: i64, m: i64, d: i64): i64 {
  y -= m <= 2 ? 1 : 0;
  let era = (y >= 0 ? y : y - 399) / 400;
  let yoe = y - era * 400;
  let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

function daysIn(y: i64, m: i64): i64 {
  if (m == 2) return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
  return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
}

function num(s: string, at: i32, n: i32): i32 {
  if (at + n > s.length) return -1;
  let v = 0;
  for (let i = at; i < at + n; i++) { let c = s.charCodeAt(i); if (!isDigit(c)) return -1; v = v * 10 + c - 48; }
  return v;
}

export function parseRFC3339(v: Value): Value | null {
  if (v.t != T_STR) return null;
  let s = asStr(v);
  let y = num(s, 0, 4), mo = num(s, 5, 2), d = num(s, 8, 2), h = num(s, 11, 2), mi = num(s, 14, 2), se = num(s, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || se < 0) return null;
  if (s.charAt(4) != "-" || s.charAt(7) != "-" || s.charAt(10) != "T" || s.charAt(13) != ":" || s.charAt(16) != ":") return null;
  if (mo < 1 || mo > 12 || d < 1 || <i64>d > daysIn(y, mo) || h > 23 || mi > 59 || se > 59) return null;
  let i = 19;
  let fracNs: i64 = 0;
  if (i < s.length && (s.charAt(i) == "." || s.charAt(i) == ",")) {
    i++;
    let digits = 0;
    let scale: i64 = 100000000;
    while (i < s.length && isDigit(s.charCodeAt(i))) { fracNs += <i64>(s.charCodeAt(i) - 48) * scale; scale /= 10; i++; digits++; }
    if (digits == 0) return null;
  }
  let offset: i64 = 0;
  if (i < s.length && s.charAt(i) == "Z" && i + 1 == s.length) { /* UTC */ }
  else if (i + 6 == s.length && (s.charAt(i) == "+" || s.charAt(i) == "-") && s.charAt(i + 3) == ":") {
    let oh = num(s, i + 1, 2), om = num(s, i + 4, 2);
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return null;
    offset = (<i64>oh * 3600 + <i64>om * 60) * (s.charAt(i) == "-" ? -1 : 1);
  } else return null;
  let secs = daysFromCivil(y, mo, d) * 86400 + <i64>h * 3600 + <i64>mi * 60 + <i64>se - offset;
  // UnixNano is only defined within ±2^63 ns (years 1678-2262)
  if (secs > 9223372035 || secs < -9223372035) return null;
  return vint(secs * NS_PER_SEC + fracNs);
}

/** An instant as OPA reads it: ns since the epoch, and the offset (seconds east of UTC) of
 *  its zone at that instant; ok false when x is not a number or [number, zone]. */
class Zoned {
  ok: bool = false;
  ns: i64 = 0;
  offset: i64 = 0;
  zone: string = "UTC";
  layout: string | null = null;
}

/** x is a number (UTC) or [number, zone]; zone "" or "UTC" is UTC, any other zone is looked up
 *  in tables (the planner's `{zone: [start, offset, …]}` of the call's literal zones, or null).
 *  A zone that is not there (e.g. one arriving at run time) fails as an unknown zone does in
 *  OPA (a builtin error: undefined). zoneOf, when given, overrides x's own zone. */
function zoned(x: Value, tables: Value | null, zoneOf: string | null = null, withLayout: bool = false): Zoned {
  let r = new Zoned();
  let v = x;
  if (x.t == T_ARR) {
    let items = changetype<VArr>(x).items;
    if (withLayout && items.length == 3) {
      if (items[2].t != T_STR || uncertainLayout(asStr(items[2]))) return r;
      r.layout = namedLayout(asStr(items[2]));
    } else if (items.length != 2) return r;
    if (items[1].t != T_STR) return r;
    r.zone = asStr(items[1]);
    v = items[0];
  }
  if (!isInt(v)) return r;
  r.ns = changetype<VNum>(v).i;
  if (zoneOf !== null) r.zone = zoneOf;
  if (r.zone == "") r.zone = "UTC";
  if (r.zone == "UTC") { r.ok = true; return r; }
  if (tables === null || tables.t != T_OBJ) return r;
  let t = objGet(changetype<VObj>(tables), vstr(r.zone));
  if (t === null || t.t != T_ARR) return r;
  let items = changetype<VArr>(t).items;
  let secs = floorDiv(r.ns, NS_PER_SEC);
  // the last pair whose start is at or before secs (the first start precedes every instant)
  let lo = 0, hi = items.length / 2 - 1;
  while (lo < hi) {
    let mid = (lo + hi + 1) >> 1;
    if (changetype<VNum>(items[2 * mid]).i <= secs) lo = mid; else hi = mid - 1;
  }
  r.offset = changetype<VNum>(items[2 * lo + 1]).i;
  r.ok = true;
  return r;
}

function floorDiv(a: i64, b: i64): i64 {
  let q = a / b;
  if (a % b != 0 && (a < 0) != (b < 0)) q--;
  return q;
}

const WEEKDAYS: StaticArray<string> = ["Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"];

/** which: 0 date [y, m, d], 1 clock [h, m, s], 2 weekday name, 3 RFC 3339 (ns) text — all in
 *  x's zone (tables: see zoned). */
export function timeParts(x: Value, which: i32, tables: Value | null): Value | null {
  let z = zoned(x, tables, null, which == 3);
  if (!z.ok) return null;
  let secsUtc = floorDiv(z.ns, NS_PER_SEC);
  let local = secsUtc + z.offset;
  let days = floorDiv(local, 86400);
  let secs = local - days * 86400;
  if (which == 2) return vstr(WEEKDAYS[<i32>(((days % 7) + 7) % 7)]);
  if (which == 1) return new VArr([vint(secs / 3600), vint((secs / 60) % 60), vint(secs % 60)]);
  let ymd = civil(days);
  if (which == 0) return new VArr([vint(ymd[0]), vint(ymd[1]), vint(ymd[2])]);
  if (z.layout !== null) {
    let wd = <i32>((((days % 7) + 7) % 7 + 4) % 7); // 0 = Sunday (1970-01-01 was a Thursday)
    let yday = days - daysFromCivil(ymd[0], 1, 1) + 1;
    let text = formatLayout(z.layout!, ymd[0], ymd[1], ymd[2], secs / 3600, (secs / 60) % 60, secs % 60,
      z.ns - secsUtc * NS_PER_SEC, wd, yday, z.offset, z.zone == "UTC");
    return text === null ? null : vstr(text!);
  }
  // Go's RFC3339Nano: fraction without trailing zeros, "Z" for a zero offset, else ±hh:mm
  let frac = (z.ns - secsUtc * NS_PER_SEC).toString();
  while (frac.length < 9) frac = "0" + frac;
  let end = frac.length;
  while (end > 0 && frac.charCodeAt(end - 1) == 48) end--;
  let y = ymd[0];
  if (y < 0 || y > 9999) return null;
  let zone = "Z";
  if (z.offset != 0) {
    let m = z.offset / 60; // minutes, truncated as Go does (its sign decides + or -)
    zone = (m < 0 ? "-" : "+") + pad((m < 0 ? -m : m) / 60, 2) + ":" + pad((m < 0 ? -m : m) % 60, 2);
  }
  return vstr(pad(y, 4) + "-" + pad(ymd[1], 2) + "-" + pad(ymd[2], 2) + "T" + pad(secs / 3600, 2) + ":" +
    pad((secs / 60) % 60, 2) + ":" + pad(secs % 60, 2) + (end > 0 ? "." + frac.substring(0, end) : "") + zone);
}

function pad(v: i64, n: i32): string {
  let s = v.toString();
  while (s.length < n) s = "0" + s;
  return s;
}

/** time.add_date(ns, years, months, days) = Go's AddDate in UTC (normalising overflow,
 *  e.g. Oct 31 + 1 month = Dec 1). */
export function addDate(x: Value, ys: Value, ms: Value, ds: Value): Value | null {
  if (!isInt(x) || !isInt(ys) || !isInt(ms) || !isInt(ds)) return null;
  let ns = changetype<VNum>(x).i;
  let days = ns / NS_PER_DAY;
  let rem = ns % NS_PER_DAY;
  if (rem < 0) { rem += NS_PER_DAY; days--; }
  let ymd = civil(days);
  let dy = changetype<VNum>(ys).i, dm = changetype<VNum>(ms).i, dd = changetype<VNum>(ds).i;
  if (dy > 100000 || dy < -100000 || dm > 1200000 || dm < -1200000 || dd > 40000000 || dd < -40000000) return null;
  let months = ymd[1] - 1 + dm;
  let y = ymd[0] + dy + (months >= 0 ? months / 12 : -((11 - months) / 12));
  let m = ((months % 12) + 12) % 12 + 1;
  let nd = daysFromCivil(y, m, ymd[2] + dd);
  if (nd > 106751 || nd < -106752) return null; // beyond ±2^63 ns
  let r = nd * NS_PER_DAY + rem;
  if ((nd >= 0) != (r >= 0) && r != 0) return null;
  return vint(r);
}

/** [year, month, day] of a day count since 1970-01-01 (proleptic Gregorian). */
function civil(days: i64): StaticArray<i64> {
  let z = days + 719468;
  let era = (z >= 0 ? z : z - 146096) / 146097;
  let doe = z - era * 146097;
  let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  let y = yoe + era * 400;
  let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  let mp = (5 * doy + 2) / 153;
  let d = doy - (153 * mp + 2) / 5 + 1;
  let m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) y++;
  let out = new StaticArray<i64>(3);
  out[0] = y; out[1] = m; out[2] = d;
  return out;
}

/** time.diff(a, b): [years, months, days, hours, minutes, seconds] between two
 *  timestamps, both read in a's zone as OPA does (order-insensitive): field-wise
 *  differences, borrowing from the next larger field; a day borrow adds the length of the
 *  earlier time's month. */
export function timeDiff(a: Value, b: Value, tables: Value | null): Value | null {
  let za = zoned(a, tables);
  if (!za.ok) return null;
  let zb0 = zoned(b, tables);
  if (!zb0.ok) return null; // b's own zone must be valid too
  let zb = zoned(b, tables, za.zone);
  if (!zb.ok) return null;
  if (za.ns > zb.ns) { let t = za; za = zb; zb = t; }
  let p = split(za), q = split(zb);
  let d = new StaticArray<i64>(6);
  for (let i = 0; i < 6; i++) d[i] = q[i] - p[i];
  if (d[5] < 0) { d[5] += 60; d[4]--; }
  if (d[4] < 0) { d[4] += 60; d[3]--; }
  if (d[3] < 0) { d[3] += 24; d[2]--; }
  if (d[2] < 0) { d[2] += daysIn(p[0], p[1]); d[1]--; }
  if (d[1] < 0) { d[1] += 12; d[0]--; }
  let out = new Array<Value>();
  for (let i = 0; i < 6; i++) out.push(vint(d[i]));
  return new VArr(out);
}

/** [y, m, d, h, min, s] of an instant in its zone. */
function split(z: Zoned): StaticArray<i64> {
  let local = floorDiv(z.ns, NS_PER_SEC) + z.offset;
  let days = floorDiv(local, 86400);
  let secs = local - days * 86400;
  let ymd = civil(days);
  let out = new StaticArray<i64>(6);
  out[0] = ymd[0]; out[1] = ymd[1]; out[2] = ymd[2];
  out[3] = secs / 3600; out[4] = (secs / 60) % 60; out[5] = secs % 60;
  return out;
}
