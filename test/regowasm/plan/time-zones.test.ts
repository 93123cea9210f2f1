/**
 * time.date / time.clock / time.weekday / time.format / time.diff with IANA zones named by
 * a literal: the planner compiles each zone's offsets in (src/regowasm/plan/zones.ts) and the
 * VM reads the instant in that zone. Checked against fixed facts of the tz database and, as a
 * property, against JS Intl evaluated per instant (an independent reference: no table).
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { loadPolicy as LoadPolicyFn } from '@open-policy-agent/opa-wasm';
import { compileRegoToWasm } from '../../../src/regowasm/index.ts';

const opa = createRequire(import.meta.url)('@open-policy-agent/opa-wasm') as { loadPolicy: typeof LoadPolicyFn };

async function evaluate(source: string, input: unknown): Promise<Record<string, unknown>> {
  const out = compileRegoToWasm({ modules: [{ path: 't.rego', source }], entrypoints: ['t'] });
  expect(out.diagnostics).toEqual([]);
  const pol = await opa.loadPolicy(out.wasm!);
  const rs = pol.evaluate(input, 't') as { result: Record<string, unknown> }[];
  return rs[0]!.result;
}

function diagnostics(source: string): { code: string; line: number; message: string }[] {
  const out = compileRegoToWasm({ modules: [{ path: 't.rego', source }], entrypoints: ['t'] });
  return out.diagnostics.map((d) => ({ code: d.code, line: d.line, message: d.message }));
}

const ns = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;

describe('time.* with a literal IANA zone', () => {
  it('reads the instant in the zone (DST, half-hour offsets, dates across midnight, LMT)', async () => {
    const source = `package t
summer_paris := time.clock([${ns('2024-07-01T23:30:00Z')}, "Europe/Paris"])
summer_paris_date := time.date([${ns('2024-07-01T23:30:00Z')}, "Europe/Paris"])
winter_paris := time.clock([${ns('2024-01-15T12:00:00Z')}, "Europe/Paris"])
new_york_day := time.weekday([${ns('2024-03-10T03:00:00Z')}, "America/New_York"])
kolkata := time.format([${ns('2024-07-01T00:00:00.25Z')}, "Asia/Kolkata"])
london_winter := time.format([${ns('2024-01-01T00:00:00Z')}, "Europe/London"])
alias := time.clock([${ns('2024-01-01T00:00:00Z')}, "US/Eastern"])
paris_lmt := time.format([${ns('1900-01-01T00:00:00Z')}, "Europe/Paris"])
paris_before_dst := time.clock([${ns('2024-03-31T00:59:59Z')}, "Europe/Paris"])
paris_after_dst := time.clock([${ns('2024-03-31T01:00:00Z')}, "Europe/Paris"])
new_york_before_fallback := time.clock([${ns('2024-11-03T05:59:59Z')}, "America/New_York"])
new_york_after_fallback := time.clock([${ns('2024-11-03T06:00:00Z')}, "America/New_York"])
utc_still := time.clock([${ns('2024-07-01T23:30:00Z')}, "UTC"])
diff_in_first_zone := time.diff([${ns('2024-02-29T15:00:00Z')}, "Asia/Tokyo"], ${ns('2024-01-30T15:00:00Z')})
diff_in_utc := time.diff(${ns('2024-02-29T15:00:00Z')}, [${ns('2024-01-30T15:00:00Z')}, "Asia/Tokyo"])
`;
    expect(await evaluate(source, {})).toEqual({
      summer_paris: [1, 30, 0], summer_paris_date: [2024, 7, 2], winter_paris: [13, 0, 0],
      new_york_day: 'Saturday', kolkata: '2024-07-01T05:30:00.25+05:30', london_winter: '2024-01-01T00:00:00Z',
      alias: [19, 0, 0], paris_lmt: '1900-01-01T00:09:21+00:09', utc_still: [23, 30, 0],
      diff_in_first_zone: [0, 1, 1, 0, 0, 0], diff_in_utc: [0, 0, 30, 0, 0, 0],
      paris_before_dst: [1, 59, 59], paris_after_dst: [3, 0, 0],
      new_york_before_fallback: [1, 59, 59], new_york_after_fallback: [1, 0, 0],
    });
  });

  it('a zone arriving at run time that was not compiled in fails as an unknown zone does in OPA (undefined)', async () => {
    const source = `package t
known := time.clock([input.ns, "Europe/Paris"])
runtime_zone := time.clock([input.ns, input.zone])
`;
    expect(await evaluate(source, { ns: 0, zone: 'Asia/Tokyo' })).toEqual({ known: [1, 0, 0] });
  });

  it('zones that cannot be compiled in and layouts are RG201 naming why', () => {
    const cases: [string, RegExp][] = [
      ['"Local"', /no machine time zone/],
      ['"CET"', /legacy zone name is an alias/],
      ['"europe/paris"', /case-sensitive.*"Europe\/Paris"/],
      ['"Mars/Olympus_Mons"', /not in the compiler's time zone data/],
    ];
    for (const [zone, why] of cases) {
      const d = diagnostics(`package t\np := time.clock([0, ${zone}])\n`);
      expect(d).toHaveLength(1);
      expect(d[0]).toMatchObject({ code: 'RG201', line: 2 });
      expect(d[0]!.message).toMatch(why);
    }
    for (const arg of ['[0, "Europe/Paris", "RFC1123"]', '[0, "Europe/Paris", "15:04 MST"]', '[0, "UTC", "DateTime"]', '[0, "UTC", ""]']) {
      expect(diagnostics(`package t\np := time.format(${arg})\n`)[0]).toMatchObject({ code: 'RG201', line: 2 });
    }
    // a layout is time.format's only: elsewhere OPA's type checker rejects the 3-element array
    expect(diagnostics('package t\np := time.clock([0, "UTC", "15:04"])\n')[0]).toMatchObject({ code: 'RG210', line: 2 });
  });
});

describe('time.format with a Go layout', () => {
  it('prints each layout element as Go does (reference instant Mon Jan 2 15:04:05 MST 2006, + .123456789 s)', async () => {
    const ref = 1136239445_123456789n;
    const f = (zone: string, layout: string) => `time.format([${ref}, ${JSON.stringify(zone)}, ${JSON.stringify(layout)}])`;
    const source = `package t
plain := ${f('America/Denver', '2006-01-02 15:04:05')}
under := ${f('America/Denver', 'Mon Jan _2 3:04:05PM')}
long := ${f('America/Denver', 'Monday, January 2, 06 03pm')}
fractions := ${f('America/Denver', '.000 ,999 .9 05.00')}
zones := ${f('America/Denver', '-0700 -07:00 -07 Z07:00 -070000 -07:00:00')}
year_day := ${f('America/Denver', '__2 002 _2006')}
rfc822z := ${f('America/Denver', 'RFC822Z')}
kitchen := ${f('America/Denver', 'Kitchen')}
nano := ${f('America/Denver', 'RFC3339Nano')}
unix_utc := ${f('UTC', 'UnixDate')}
abbrev_utc := ${f('UTC', '3:04pm MST Z07:00')}
rfc1123_empty_zone := ${f('', 'RFC1123')}
kolkata := ${f('Asia/Kolkata', '2006-01-02 15:04 Z0700 -07')}
run_time_layout := time.format([${ref}, "America/Denver", input.layout])
run_time_mst := time.format([${ref}, "America/Denver", input.mst])
`;
    expect(await evaluate(source, { layout: 'Mon 2 Jan', mst: 'MST' })).toEqual({
      plain: '2006-01-02 15:04:05', under: 'Mon Jan  2 3:04:05PM', long: 'Monday, January 2, 06 03pm',
      fractions: '.123 ,123 .1 05.12', zones: '-0700 -07:00 -07 -07:00 -070000 -07:00:00', year_day: '  2 002 _2006',
      rfc822z: '02 Jan 06 15:04 -0700', kitchen: '3:04PM', nano: '2006-01-02T15:04:05.123456789-07:00',
      unix_utc: 'Mon Jan  2 22:04:05 UTC 2006', abbrev_utc: '10:04pm UTC Z', rfc1123_empty_zone: 'Mon, 02 Jan 2006 22:04:05 UTC',
      kolkata: '2006-01-03 03:34 +0530 +05', run_time_layout: 'Mon 2 Jan',
    });
  });
});

/** Zones with DST in both hemispheres, odd offsets, and rule changes (independent of each other). */
const ZONES = ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Sao_Paulo', 'Pacific/Apia', 'Africa/Casablanca', 'America/St_Johns'];

/** Intl's reading of an instant (whole seconds) in a zone: local fields and offset. */
function intlParts(sec: number, zone: string) {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'long',
  });
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(new Date(sec * 1000))) p[x.type] = x.value;
  const [y, mo, d, h, mi, s] = [p.year, p.month, p.day, p.hour, p.minute, p.second].map(Number) as [number, number, number, number, number, number];
  const offset = Date.UTC(y, mo - 1, d, h, mi, s) / 1000 - sec;
  return { y, mo, d, h, mi, s, weekday: p.weekday!, offset };
}

const two = (n: number) => String(n).padStart(2, '0');

function rfc3339(sec: number, fracNs: number, zone: string): string {
  const q = intlParts(sec, zone);
  const m = Math.trunc(Math.abs(q.offset) / 60);
  const z = q.offset === 0 ? 'Z' : `${q.offset < 0 ? '-' : '+'}${two(Math.trunc(m / 60))}:${two(m % 60)}`;
  const frac = fracNs === 0 ? '' : '.' + String(fracNs).padStart(9, '0').replace(/0+$/, '');
  return `${String(q.y).padStart(4, '0')}-${two(q.mo)}-${two(q.d)}T${two(q.h)}:${two(q.mi)}:${two(q.s)}${frac}${z}`;
}

const LAYOUT = 'Mon Monday Jan January 2 _2 02 002 __2 1 01 06 2006 3 03 15 4 04 5 05 PM pm .000000 ,999999999 -07:00:00 Z0700';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** LAYOUT's Go elements, spelled out from Intl's fields (the layout rules' reading, by hand). */
function layoutReference(sec: number, fracNs: number, zone: string): string {
  const q = intlParts(sec, zone);
  const yday = (Date.UTC(q.y, q.mo - 1, q.d) - Date.UTC(q.y, 0, 1)) / 86400000 + 1;
  const h12 = q.h % 12 === 0 ? 12 : q.h % 12;
  const frac = String(fracNs).padStart(9, '0');
  const nines = frac.replace(/0+$/, '');
  const minutes = Math.trunc(q.offset / 60);
  const sign = minutes < 0 ? '-' : '+';
  const am = minutes < 0 ? -minutes : minutes;
  const abs = Math.abs(q.offset) % 60;
  const iso = q.offset === 0 ? 'Z' : `${sign}${two(Math.trunc(am / 60))}${two(am % 60)}`;
  return [q.weekday.slice(0, 3), q.weekday, MONTHS[q.mo - 1]!.slice(0, 3), MONTHS[q.mo - 1], q.d, String(q.d).padStart(2, ' '), two(q.d),
    String(yday).padStart(3, '0'), String(yday).padStart(3, ' '), q.mo, two(q.mo), two(q.y % 100), q.y, h12, two(h12), two(q.h),
    q.mi, two(q.mi), q.s, two(q.s), q.h >= 12 ? 'PM' : 'AM', q.h >= 12 ? 'pm' : 'am', '.' + frac.slice(0, 6),
    nines === '' ? '' : ',' + nines, `${sign}${two(Math.trunc(am / 60))}:${two(am % 60)}:${two(abs)}`, iso].join(' ');
}

describe('time.* in zones agrees with Intl on random instants (property)', () => {
  it('clock, date, weekday and format', async () => {
    // the SDK passes input through JS numbers: the exact ns is computed in Rego (i64)
    const source = ['package t', 'ns := (input.sec * 1000000000) + input.frac', ...ZONES.flatMap((z, i) => [
      `clock${i} := time.clock([ns, "${z}"])`, `date${i} := time.date([ns, "${z}"])`,
      `weekday${i} := time.weekday([ns, "${z}"])`, `format${i} := time.format([ns, "${z}"])`,
      `layout${i} := time.format([ns, "${z}", "${LAYOUT}"])`,
    ])].join('\n') + '\n';
    const out = compileRegoToWasm({ modules: [{ path: 't.rego', source }], entrypoints: ['t'] });
    expect(out.diagnostics).toEqual([]);
    const pol = await opa.loadPolicy(out.wasm!);
    // 1900–2200 (and whole seconds plus a fraction), where the tz data is in use
    const instant = fc.tuple(fc.integer({ min: -2208988800, max: 7258118400 }), fc.integer({ min: 0, max: 999_999_999 }));
    fc.assert(fc.property(instant, ([sec, frac]) => {
      const got = (pol.evaluate({ sec, frac }, 't') as { result: Record<string, unknown> }[])[0]!.result;
      ZONES.forEach((z, i) => {
        const q = intlParts(sec, z);
        expect([z, got[`clock${i}`]]).toEqual([z, [q.h, q.mi, q.s]]);
        expect([z, got[`date${i}`]]).toEqual([z, [q.y, q.mo, q.d]]);
        expect([z, got[`weekday${i}`]]).toEqual([z, q.weekday]);
        expect([z, got[`format${i}`]]).toEqual([z, rfc3339(sec, frac, z)]);
        expect([z, got[`layout${i}`]]).toEqual([z, layoutReference(sec, frac, z)]);
      });
    }), { numRuns: 150 });
  });
});
