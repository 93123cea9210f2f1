/**
 * Fixture files: discovery, parsing (YAML or JSON), validation against
 * fixture.schema.json, and validation of every case's request against the policy set's
 * request schema. Every problem is a HarnessInputError naming the file, the JSON path
 * and (from the YAML parser's source ranges) the line and column.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { Request } from '../request/types.ts';
import fixtureSchema from './fixture.schema.json' with { type: 'json' };
import { jsonPath, pointerSegments, type HarnessInputError } from './errors.ts';
import { appendAll } from '../support/arrays.ts';

export interface FixtureCase {
  name: string;
  description?: string;
  /** Only a schema-valid request after {@link checkRequests}. */
  request: Request;
  expect: 'allow' | 'deny';
  reasons?: string[];
  deniedBy?: string[];
  /** JSON path of the case in its file, and its line. */
  path: string;
  line?: number;
}

export interface FixtureFile {
  file: string;
  description?: string;
  /** Policy paths, resolved against the fixture file's directory. */
  policies: string[];
  cases: FixtureCase[];
  /** Line and column of a JSON path in the file's text (for error messages). */
  locate: (segments: (string | number)[]) => { line: number; col: number } | undefined;
}

export type Loaded<T> = { ok: true; value: T } | { ok: false; errors: HarnessInputError[] };

const FIXTURE_EXT = /\.(ya?ml|json)$/i;

/** Fixture files named by PATHS: files as given, directories searched recursively (sorted). */
export function discoverFixtureFiles(paths: string[]): Loaded<string[]> {
  const files: string[] = [];
  const errors: HarnessInputError[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      errors.push({ code: 'H0005', file: p, path: '', message: 'no such file or directory' });
      continue;
    }
    if (st.isFile()) files.push(p);
    else {
      const found = walk(p).filter((f) => FIXTURE_EXT.test(f));
      if (found.length === 0) errors.push({ code: 'H0005', file: p, path: '', message: 'directory holds no .yaml, .yml or .json fixture files' });
      appendAll(files, found);
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: [...new Set(files)] };
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) appendAll(out, walk(full));
    else out.push(full);
  }
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: true });
const validateFixture = ajv.compile(fixtureSchema);

export function loadFixtureFile(file: string): Loaded<FixtureFile> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, errors: [{ code: 'H0001', file, path: '', message: `cannot read: ${(err as Error).message}` }] };
  }
  return parseFixtureText(file, text);
}

/** Parses and schema-checks one fixture file's text (requests are checked later). */
export function parseFixtureText(file: string, text: string): Loaded<FixtureFile> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { code: 'H0001', file, path: '', line: pos.line, col: pos.col, message: `not valid YAML/JSON: ${firstLine(e.message)}` };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // yaml refuses alias expansion past maxAliasCount (a "billion laughs" file) by throwing.
    return { ok: false, errors: [{ code: 'H0001', file, path: '', line: 1, col: 1, message: `not valid YAML/JSON: ${firstLine((e as Error).message)}` }] };
  }
  const locate = locator(doc, lineCounter);
  if (!validateFixture(data)) {
    const errors = (validateFixture.errors ?? [])
      .map((e): HarnessInputError => {
        const segs = pointerSegments(e.instancePath);
        const extra = e.keyword === 'additionalProperties' ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'` : '';
        const allowed = e.keyword === 'enum' ? `: ${(e.params as { allowedValues: unknown[] }).allowedValues.map(String).join(' | ')}` : '';
        return { code: 'H0002', file, path: jsonPath(segs), ...locate(segs), message: `${e.message ?? 'invalid'}${extra}${allowed}` };
      });
    return { ok: false, errors: dedupe(errors) };
  }
  const raw = data as unknown as RawFixture;
  const errors: HarnessInputError[] = [];
  const seen = new Map<string, number>();
  raw.cases.forEach((c, i) => {
    const prev = seen.get(c.name);
    if (prev !== undefined) {
      errors.push({ code: 'H0004', file, path: jsonPath(['cases', i, 'name']), ...locate(['cases', i, 'name']), message: `duplicate case name '${c.name}' (first at $.cases[${prev}])` });
    } else seen.set(c.name, i);
  });
  if (errors.length) return { ok: false, errors };
  const base = dirname(file);
  const policies = (typeof raw.policies === 'string' ? [raw.policies] : raw.policies).map((p) => resolve(base, p));
  const cases = raw.cases.map((c, i): FixtureCase => ({
    name: c.name,
    ...(c.description !== undefined ? { description: c.description } : {}),
    request: c.request as unknown as Request,
    expect: c.expect,
    ...(c.reasons !== undefined ? { reasons: c.reasons } : {}),
    ...(c.denied_by !== undefined ? { deniedBy: c.denied_by } : {}),
    path: jsonPath(['cases', i]),
    ...(locate(['cases', i])?.line !== undefined ? { line: locate(['cases', i])!.line } : {}),
  }));
  return { ok: true, value: { file, ...(raw.description !== undefined ? { description: raw.description } : {}), policies, cases, locate } };
}

interface RawFixture {
  description?: string;
  policies: string | string[];
  cases: { name: string; description?: string; request: Record<string, unknown>; expect: 'allow' | 'deny'; reasons?: string[]; denied_by?: string[] }[];
}

/** One problem with a request, as a request validator reports it (ajv-style pointer). */
export interface RequestIssue {
  /** JSON Pointer inside the request, e.g. `/principal/id` ('' = the request itself). */
  pointer: string;
  message: string;
}

/** Checks a request against the policy set's request schema: [] when valid. */
export type RequestChecker = (request: unknown) => RequestIssue[];

/** Validates every case's request; errors carry the full JSON path inside the fixture. */
export function checkRequests(fixture: FixtureFile, check: RequestChecker): HarnessInputError[] {
  const errors: HarnessInputError[] = [];
  fixture.cases.forEach((c, i) => {
    for (const issue of check(c.request)) {
      const segs = ['cases', i, 'request', ...pointerSegments(issue.pointer)];
      errors.push({ code: 'H0003', file: fixture.file, path: jsonPath(segs), ...fixture.locate(segs), message: `case '${c.name}': invalid request: ${issue.message}` });
    }
  });
  return errors;
}

/** Position of the deepest existing node along a path (a missing key points at its parent). */
function locator(doc: Document, lc: LineCounter) {
  return (segments: (string | number)[]): { line: number; col: number } | undefined => {
    for (let n = segments.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true);
      if (isNode(node) && node.range) return lc.linePos(node.range[0]);
    }
    return undefined;
  };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

function dedupe(errors: HarnessInputError[]): HarnessInputError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.path}\0${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
