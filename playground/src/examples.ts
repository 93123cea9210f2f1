/**
 * The three example policy sets (policies/) and their fixture requests (fixtures/), read
 * at build time by Vite: the playground ships the same files the CLI tests.
 */
import { parse } from 'yaml';

export interface ExampleRequest {
  name: string;
  request: unknown;
  expect: 'allow' | 'deny';
}

export interface ExampleSet {
  name: string;
  files: { path: string; text: string }[];
  requests: ExampleRequest[];
}

const roleFiles = import.meta.glob('../../policies/*/*.role', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const fixtureFiles = import.meta.glob('../../fixtures/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

function setNameOf(path: string): string {
  return path.split('/').at(-2)!;
}

function requestsOf(set: string): ExampleRequest[] {
  const text = Object.entries(fixtureFiles).find(([p]) => p.endsWith(`/${set}.yaml`))?.[1];
  if (!text) return [];
  const doc = parse(text) as { cases?: { name: string; request: unknown; expect: 'allow' | 'deny' }[] };
  return (doc.cases ?? []).map((c) => ({ name: c.name, request: c.request, expect: c.expect }));
}

export const EXAMPLE_SETS: ExampleSet[] = (() => {
  const sets = new Map<string, ExampleSet>();
  for (const [path, text] of Object.entries(roleFiles).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const name = setNameOf(path);
    let set = sets.get(name);
    if (!set) sets.set(name, (set = { name, files: [], requests: requestsOf(name) }));
    set.files.push({ path: path.split('/').at(-1)!, text });
  }
  // The language guide's reference example first.
  return [...sets.values()].sort((a, b) => (a.name === 'observability' ? -1 : b.name === 'observability' ? 1 : a.name.localeCompare(b.name)));
})();
