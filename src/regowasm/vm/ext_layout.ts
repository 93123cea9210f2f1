// time.format with a Go layout ([ns, zone, layout]): Go's Time.Format elements, written from
// the time package's documented layout rules (reference time Mon Jan 2 15:04:05 MST 2006).
// The zone abbreviation (MST) is known only for UTC — the offset tables carry no names — so a
// layout with MST in another zone is undefined (the planner rejects it when both are literals).

const MONTHS: StaticArray<string> = ["January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December"];
const DAYS: StaticArray<string> = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** OPA's names for Go's layout constants (an unknown or ambiguous name is the caller's null). */
export function namedLayout(s: string): string {
  if (s == "ANSIC") return "Mon Jan _2 15:04:05 2006";
  if (s == "UnixDate") return "Mon Jan _2 15:04:05 MST 2006";
  if (s == "RubyDate") return "Mon Jan 02 15:04:05 -0700 2006";
  if (s == "RFC822") return "02 Jan 06 15:04 MST";
  if (s == "RFC822Z") return "02 Jan 06 15:04 -0700";
  if (s == "RFC850") return "Monday, 02-Jan-06 15:04:05 MST";
  if (s == "RFC1123") return "Mon, 02 Jan 2006 15:04:05 MST";
  if (s == "RFC1123Z") return "Mon, 02 Jan 2006 15:04:05 -0700";
  if (s == "RFC3339") return "2006-01-02T15:04:05Z07:00";
  if (s == "RFC3339Nano") return "2006-01-02T15:04:05.999999999Z07:00";
  if (s == "Kitchen") return "3:04PM";
  if (s == "Stamp") return "Jan _2 15:04:05";
  if (s == "StampMilli") return "Jan _2 15:04:05.000";
  if (s == "StampMicro") return "Jan _2 15:04:05.000000";
  if (s == "StampNano") return "Jan _2 15:04:05.000000000";
  return s;
}

/** Layout strings whose meaning in OPA is not established here (names of newer Go constants,
 *  the empty layout): undefined rather than a guess. */
export function uncertainLayout(s: string): bool {
  return s == "" || s == "DateTime" || s == "DateOnly" || s == "TimeOnly" || s == "Layout";
}

function zpad(v: i64, n: i32): string {
  let s = v.toString();
  while (s.length < n) s = "0" + s;
  return s;
}

/** Go's appendInt(b, v, 2): a '-' then the digits of |v| padded to 2. */
function goPad(v: i64): string { return v < 0 ? "-" + zpad(-v, 2) : zpad(v, 2); }

function digitAt(s: string, i: i32): bool { return i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57; }

/** The layout applied to local fields (y, mo, d, h, mi, s, fraction ns, weekday 0 = Sunday,
 *  day of year, offset seconds, whether the zone is UTC); null when it needs an unknown
 *  zone abbreviation. */
export function formatLayout(layout: string, y: i64, mo: i64, d: i64, h: i64, mi: i64, se: i64, frac: i64,
  wd: i32, yday: i64, offset: i64, utc: bool): string | null {
  let out = "";
  let i = 0;
  let n = layout.length;
  while (i < n) {
    let c = layout.charAt(i);
    let rest = layout.substring(i);
    if (c == "J" && rest.startsWith("January")) { out += MONTHS[<i32>mo - 1]; i += 7; continue; }
    if (c == "J" && rest.startsWith("Jan")) { out += MONTHS[<i32>mo - 1].substring(0, 3); i += 3; continue; }
    if (c == "M" && rest.startsWith("Monday")) { out += DAYS[wd]; i += 6; continue; }
    if (c == "M" && rest.startsWith("Mon")) { out += DAYS[wd].substring(0, 3); i += 3; continue; }
    if (c == "M" && rest.startsWith("MST")) {
      if (!utc) return null;
      out += "UTC"; i += 3; continue;
    }
    if (c == "0" && i + 1 < n && layout.charCodeAt(i + 1) >= 49 && layout.charCodeAt(i + 1) <= 54) {
      let k = layout.charCodeAt(i + 1) - 48;
      if (k == 1) out += zpad(mo, 2);
      else if (k == 2) out += zpad(d, 2);
      else if (k == 3) out += zpad(h % 12 == 0 ? 12 : h % 12, 2);
      else if (k == 4) out += zpad(mi, 2);
      else if (k == 5) out += zpad(se, 2);
      else out += zpad(y % 100, 2);
      i += 2; continue;
    }
    if (c == "0" && rest.startsWith("002")) { out += zpad(yday, 3); i += 3; continue; }
    if (c == "1" && rest.startsWith("15")) { out += zpad(h, 2); i += 2; continue; }
    if (c == "1") { out += mo.toString(); i += 1; continue; }
    if (c == "2" && rest.startsWith("2006")) { out += zpad(y, 4); i += 4; continue; }
    if (c == "2") { out += d.toString(); i += 1; continue; }
    if (c == "_" && rest.startsWith("_2")) {
      if (rest.startsWith("_2006")) { out += "_"; i += 1; continue; } // "_" then the year
      out += (d < 10 ? " " : "") + d.toString(); i += 2; continue;
    }
    if (c == "_" && rest.startsWith("__2")) {
      out += (yday < 100 ? " " : "") + (yday < 10 ? " " : "") + yday.toString(); i += 3; continue;
    }
    if (c == "3") { out += (h % 12 == 0 ? 12 : h % 12).toString(); i += 1; continue; }
    if (c == "4") { out += mi.toString(); i += 1; continue; }
    if (c == "5") { out += se.toString(); i += 1; continue; }
    if (c == "P" && rest.startsWith("PM")) { out += h >= 12 ? "PM" : "AM"; i += 2; continue; }
    if (c == "p" && rest.startsWith("pm")) { out += h >= 12 ? "pm" : "am"; i += 2; continue; }
    if (c == "-" || c == "Z") {
      let forms: StaticArray<string> = ["070000", "07:00:00", "0700", "07:00", "07"];
      let hit = -1;
      for (let f = 0; f < forms.length; f++) if (rest.substring(1).startsWith(forms[f])) { hit = f; break; }
      if (hit >= 0) {
        i += 1 + forms[hit].length;
        if (c == "Z" && offset == 0) { out += "Z"; continue; }
        // minutes truncated toward zero, and their sign, as Go does
        let signed = offset / 60;
        let abs = signed < 0 ? -offset : offset; // Go's absoffset (its % 60 keeps the sign)
        let m = signed < 0 ? -signed : signed;
        out += (signed < 0 ? "-" : "+") + zpad(m / 60, 2);
        if (hit == 1 || hit == 3) out += ":" + zpad(m % 60, 2);
        else if (hit != 4) out += zpad(m % 60, 2);
        if (hit == 0) out += goPad(abs % 60);
        if (hit == 1) out += ":" + goPad(abs % 60);
        continue;
      }
    }
    if ((c == "." || c == ",") && i + 1 < n && (layout.charAt(i + 1) == "0" || layout.charAt(i + 1) == "9")) {
      let ch = layout.charAt(i + 1);
      let j = i + 1;
      while (j < n && layout.charAt(j) == ch) j++;
      if (!digitAt(layout, j)) {
        let digits = j - (i + 1);
        let text = zpad(frac, 9);
        if (digits > 9) digits = 9;
        text = text.substring(0, digits);
        if (ch == "9") {
          let end = text.length;
          while (end > 0 && text.charCodeAt(end - 1) == 48) end--;
          text = text.substring(0, end);
          if (text.length > 0) out += c + text;
        } else out += c + text;
        i = j; continue;
      }
    }
    out += c; i += 1;
  }
  return out;
}
