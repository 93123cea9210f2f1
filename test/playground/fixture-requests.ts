/** Fixture cases of an example set, and shared links built outside the app (docs/playground.md). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { parse } from 'yaml';
import { REPO } from './browser.ts';

export const SETS = ['observability', 'abac-programs', 'elastic-cloud'];

export interface FixtureCase {
  index: number;
  name: string;
  request: unknown;
  expect: 'allow' | 'deny';
}

export function fixtureCases(set: string): FixtureCase[] {
  const doc = parse(readFileSync(join(REPO, 'fixtures', `${set}.yaml`), 'utf8')) as { cases: Omit<FixtureCase, 'index'>[] };
  return doc.cases.map((c, index) => ({ index, name: c.name, request: c.request, expect: c.expect }));
}

export function setFiles(set: string): { path: string; text: string }[] {
  const dir = join(REPO, 'policies', set);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.role'))
    .sort()
    .map((f) => ({ path: f, text: readFileSync(join(dir, f), 'utf8') }));
}

/** `#s=` + base64url(raw DEFLATE(UTF-8 JSON)), as docs/playground.md specifies. */
export function sharedLink(state: { set?: string; files: { path: string; text: string }[]; active?: number; request: string }): string {
  const packed = deflateRawSync(Buffer.from(JSON.stringify({ v: 1, ...state }), 'utf8'));
  return '#s=' + packed.toString('base64url');
}
