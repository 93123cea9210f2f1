/**
 * IANA time zones for `time.*` builtins, compiled into the module: the VM has no zone
 * database and nothing is downloaded at run time, so the planner computes each literal
 * zone's UTC offsets with the host's `Intl` (Node's or the browser's ICU data — no node:
 * imports, this file runs in the browser too) and passes them to the builtin as a table.
 */

/** The range of OPA's ns timestamps (±2^63 ns) in seconds. */
const FIRST_SEC = -9223372037;
const LAST_SEC = 9223372037;
/** Scan step: every offset change is found when no two changes are closer than this. */
const STEP_SEC = 14 * 86400;

const cache = new Map<string, number[]>();

/** Why a literal zone cannot be compiled in, or null when it can. OPA (Go's
 *  time.LoadLocation) is case-sensitive and reads "Local" as the evaluating machine's
 *  zone; short legacy names (CET, EST, …) changed meaning between tz database releases
 *  (2024b made them links), so which data OPA uses depends on its Go version. */
export function zoneRejection(name: string): string | null {
  if (name === 'Local') return 'the Wasm module has no machine time zone ("Local" is the evaluating host\'s zone in OPA)';
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return 'the zone is not in the compiler\'s time zone data (Intl)';
  }
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)+$/.test(name) && resolved !== name) {
    return `the legacy zone name is an alias of ${resolved} whose data differs between tz database releases`;
  }
  if (resolved.toLowerCase() === name.toLowerCase() && resolved !== name) {
    return `zone names are case-sensitive in OPA (did you mean ${JSON.stringify(resolved)}?)`;
  }
  return null;
}

/** The zone's offsets as [start0, offset0, start1, offset1, …] in seconds: offset_i
 *  (local − UTC) holds from start_i (start0 is before every timestamp) to start_{i+1}. */
export function zoneTransitions(name: string): number[] {
  const hit = cache.get(name);
  if (hit) return hit;
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: name, hourCycle: 'h23', era: 'short', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  const offsetAt = (s: number): number => {
    const p: Record<string, string> = {};
    for (const x of fmt.formatToParts(new Date(s * 1000))) p[x.type] = x.value;
    let y = Number(p.year);
    if (p.era === 'BC' || p.era === 'B') y = 1 - y;
    const local = Date.UTC(y, Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) / 1000;
    return local - s;
  };
  let prev = offsetAt(FIRST_SEC);
  const out = [FIRST_SEC, prev];
  for (let s = FIRST_SEC + STEP_SEC; s < LAST_SEC + STEP_SEC; s += STEP_SEC) {
    const at = Math.min(s, LAST_SEC);
    const o = offsetAt(at);
    if (o === prev) continue;
    // the first second with the new offset, between at − STEP_SEC (old) and at (new)
    let lo = at - STEP_SEC, hi = at;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(mid) === prev) lo = mid; else hi = mid;
    }
    out.push(hi, o);
    prev = o;
  }
  cache.set(name, out);
  return out;
}
