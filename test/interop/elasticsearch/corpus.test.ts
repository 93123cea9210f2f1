/**
 * The import corpus (corpus/*.yaml: Elastic's documented role and role-mapping examples,
 * each naming its doc page): every case imports or is rejected exactly as expected, with
 * the expected codes; and build_es(import(X)) reproduces X for every descriptor that
 * imports — field by field for names, privileges, FLS, run_as, applications, metadata,
 * and, for DLS queries and mapping rules, by deciding alike on both engines over
 * generated requests (import(build_es(import(X))) against import(X)).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { importElasticsearch, type ImportOutcome } from '../../../src/interop/elasticsearch/import.ts';
import { loadCatalog } from '../../../src/semantics/catalog/index.ts';
import { buildEs, checkImported, enginesOf, generatedRequests, importBuilt } from './roundtrip-helpers.ts';

interface Case {
  id: string;
  doc: string;
  name?: string;
  input: string;
  expect: { imports?: string[]; rejects?: Record<string, string[]>; warnings?: string[]; skipped?: string[] };
}
const read = (f: string) => parse(readFileSync(new URL(`./corpus/${f}`, import.meta.url), 'utf8')) as { cases: Case[]; roles?: string };
const ROLES = read('roles.yaml');
const MAPPINGS = read('mappings.yaml');

function outcomeOf(kind: 'roles' | 'mappings', c: Case): ImportOutcome {
  return kind === 'roles'
    ? importElasticsearch([{ file: `${c.id}.json`, text: c.input }], [], c.name ? { name: c.name } : {})
    : importElasticsearch([{ file: 'standins.json', text: MAPPINGS.roles! }], [{ file: `${c.id}.json`, text: c.input }]);
}

function expectOutcome(kind: 'roles' | 'mappings', c: Case): void {
  const out = outcomeOf(kind, c);
  const part = kind === 'roles' ? out.roles : out.mappings;
  const errorsBy = (name: string) => [...new Set(out.diagnostics.filter((d) => d.severity === 'error' && d.subject?.endsWith(` ${name}`)).map((d) => d.code))].sort();
  expect(part.imported).toEqual(c.expect.imports ?? []);
  expect(Object.fromEntries(part.rejected.map((n) => [n, errorsBy(n)]))).toEqual(Object.fromEntries(Object.entries(c.expect.rejects ?? {}).map(([n, codes]) => [n, [...codes].sort()])));
  expect([...new Set(out.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code))].sort()).toEqual(c.expect.warnings ?? []);
  if (kind === 'mappings') expect(out.mappings.skipped).toEqual(c.expect.skipped ?? []);
  // Every diagnostic names where it is: the subject and a JSON path into the input.
  for (const d of out.diagnostics) expect(d.path).toMatch(/^\$/);
  if (Object.keys(c.expect.rejects ?? {}).length > 0) expect(out.files).toEqual([]);
  else checkImported(out);
}

describe('import corpus: Elastic documented role descriptors', () => {
  it.each(ROLES.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => expectOutcome('roles', c));
});

describe('import corpus: Elastic documented role mappings', () => {
  it.each(MAPPINGS.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => expectOutcome('mappings', c));
});

describe('import corpus: counts (the figures docs/elasticsearch.md quotes)', () => {
  it('imports and rejections over the corpus', () => {
    const tally = { roles: { imported: 0, rejected: 0 }, mappings: { imported: 0, rejected: 0, skipped: 0 }, codes: {} as Record<string, number> };
    for (const [kind, set] of [['roles', ROLES], ['mappings', MAPPINGS]] as const)
      for (const c of set.cases) {
        const out = outcomeOf(kind, c);
        tally[kind].imported += (kind === 'roles' ? out.roles : out.mappings).imported.length;
        tally[kind].rejected += (kind === 'roles' ? out.roles : out.mappings).rejected.length;
        if (kind === 'mappings') tally.mappings.skipped += out.mappings.skipped.length;
        for (const d of out.diagnostics) tally.codes[d.code] = (tally.codes[d.code] ?? 0) + 1;
      }
    console.log(`import corpus: ${JSON.stringify(tally)}`);
    expect(tally.roles).toEqual({ imported: 15, rejected: 8 });
    expect(tally.mappings).toEqual({ imported: 10, rejected: 9, skipped: 1 });
  });
});

/** Role descriptors of every importing case under distinct names, and mapping files likewise. */
function combined(): { roles: Record<string, Record<string, unknown>>; mappingSources: { file: string; text: string }[] } {
  const roles: Record<string, Record<string, unknown>> = {};
  ROLES.cases.forEach((c, i) => {
    const doc = parse(c.input) as Record<string, unknown>;
    const entries = c.name ? { [c.name]: doc } : (doc as Record<string, Record<string, unknown>>);
    for (const n of c.expect.imports ?? []) roles[`c${i}_${n}`] = entries[n] as Record<string, unknown>;
  });
  for (const [n, d] of Object.entries(parse(MAPPINGS.roles!) as Record<string, Record<string, unknown>>)) roles[n] = d;
  const mappingSources = MAPPINGS.cases
    .filter((c) => (c.expect.imports ?? []).length > 0)
    .map((c, i) => {
      const doc = parse(c.input) as Record<string, unknown>;
      const isDnFile = Object.values(doc).every(Array.isArray);
      return { file: `${c.id}.json`, text: JSON.stringify(isDnFile ? doc : Object.fromEntries(Object.entries(doc).map(([n, m]) => [`c${i}_${n}`, m]))) };
    });
  return { roles, mappingSources };
}

describe('build_es(import(X)) reproduces X for every imported descriptor of the corpus', () => {
  const catalog = loadCatalog();
  const canon = (family: 'cluster' | 'index', ps: unknown) => [...new Set((ps as string[]).map((p) => catalog.resolve(family, p) ?? p))].sort();
  const shape = (d: Record<string, unknown>) => ({
    cluster: canon('cluster', d.cluster ?? []),
    indices: ((d.indices ?? []) as Record<string, unknown>[]).map((e) => ({
      names: [...(typeof e.names === 'string' ? [e.names] : (e.names as string[]))].sort(),
      privileges: canon('index', e.privileges),
      field_security: e.field_security ? { grant: (e.field_security as { grant: string[] }).grant, except: (e.field_security as { except?: string[] }).except ?? [] } : undefined,
      query: e.query !== undefined,
    })),
    applications: d.applications ?? [],
    run_as: [...((d.run_as ?? []) as string[])].sort(),
    metadata: d.metadata ?? {},
    description: d.description,
  });

  let input: ReturnType<typeof combined>;
  let rebuilt: Record<string, string>;
  beforeAll(() => {
    input = combined();
    const outcome = importElasticsearch([{ file: 'corpus.json', text: JSON.stringify(input.roles) }], input.mappingSources);
    rebuilt = buildEs(checkImported(outcome));
  });

  it('field by field (names, privileges, FLS, run_as, applications, metadata, description; DLS present where it was)', () => {
    const out = JSON.parse(rebuilt['elasticsearch/roles.json']!) as Record<string, Record<string, unknown>>;
    expect(Object.keys(out).sort()).toEqual(Object.keys(input.roles).sort());
    for (const [name, d] of Object.entries(input.roles)) expect({ name, ...shape(out[name]!) }).toEqual({ name, ...shape(d) });
  });

  it('decides alike on both engines: import(build_es(import(X))) = import(X) on 2,000 generated requests', async () => {
    const outcome = importElasticsearch([{ file: 'corpus.json', text: JSON.stringify(input.roles) }], input.mappingSources);
    const first = await enginesOf(checkImported(outcome));
    const second = await enginesOf(importBuilt(rebuilt));
    const requests = generatedRequests(first.ir, 2000, 1415);
    const diffs: string[] = [];
    let allows = 0;
    for (const r of requests) {
      const a = first.decide(r);
      if (!second.valid(r)) {
        diffs.push(`invalid for the rebuilt set: ${JSON.stringify(r)}`);
        continue;
      }
      const b = second.decide(r);
      if (a.cedar === 'allow') allows++;
      if (new Set([a.cedar, a.rego, b.cedar, b.rego]).size !== 1) diffs.push(`${JSON.stringify(r)}: ${a.cedar}/${a.rego} vs ${b.cedar}/${b.rego}`);
    }
    expect(diffs.slice(0, 5)).toEqual([]);
    expect(allows).toBeGreaterThan(100);
    expect(requests.length - allows).toBeGreaterThan(100);
  }, 180_000);
});
