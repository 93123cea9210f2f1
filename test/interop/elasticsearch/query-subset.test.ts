/**
 * The Query DSL subset as Elasticsearch reads it: each case is a DLS query written the way
 * a user writes it (no `exists` guards), imported, and decided on both engines for
 * documents whose expected visibility follows the Query DSL documentation (a clause on a
 * missing field does not match; `must_not` of it does; `should` is optional next to
 * `must`/`filter` unless minimum_should_match says otherwise).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { importElasticsearch } from '../../../src/interop/elasticsearch/import.ts';
import type { Request } from '../../../src/request/types.ts';
import { checkImported, enginesOf, type Engines } from './roundtrip-helpers.ts';

type Doc = Record<string, string | number | boolean>;
interface QueryCase {
  name: string;
  query: unknown;
  visible: Doc[];
  hidden: Doc[];
}

const CASES: QueryCase[] = [
  { name: 'must_not term matches documents without the field', query: { bool: { must_not: [{ term: { status: 'draft' } }] } }, visible: [{}, { status: 'final' }], hidden: [{ status: 'draft' }] },
  { name: 'term on a number', query: { term: { dept: 12 } }, visible: [{ dept: 12 }], hidden: [{ dept: 13 }, {}] },
  { name: 'term with {value}', query: { term: { status: { value: 'open' } } }, visible: [{ status: 'open' }], hidden: [{ status: 'closed' }] },
  { name: 'should alone: at least one', query: { bool: { should: [{ term: { status: 'open' } }, { term: { dept: 2 } }] } }, visible: [{ status: 'open' }, { dept: 2 }], hidden: [{ status: 'x', dept: 3 }, {}] },
  { name: 'should next to filter is optional', query: { bool: { filter: [{ term: { region: 'eu' } }], should: [{ term: { status: 'open' } }] } }, visible: [{ region: 'eu' }, { region: 'eu', status: 'x' }], hidden: [{ region: 'us', status: 'open' }] },
  { name: 'should next to filter with minimum_should_match 1', query: { bool: { filter: [{ term: { region: 'eu' } }], should: [{ term: { status: 'open' } }], minimum_should_match: 1 } }, visible: [{ region: 'eu', status: 'open' }], hidden: [{ region: 'eu' }, { region: 'eu', status: 'x' }] },
  { name: 'range gte/lt', query: { range: { level: { gte: 2, lt: 5 } } }, visible: [{ level: 2 }, { level: 4 }], hidden: [{ level: 5 }, { level: 1 }, {}] },
  { name: 'exists', query: { exists: { field: 'owner' } }, visible: [{ owner: 'x' }], hidden: [{}] },
  { name: 'must_not exists', query: { bool: { must_not: { exists: { field: 'owner' } } } }, visible: [{}], hidden: [{ owner: 'x' }] },
  { name: 'terms', query: { terms: { region: ['eu', 'apac'] } }, visible: [{ region: 'eu' }, { region: 'apac' }], hidden: [{ region: 'us' }, {}] },
  { name: 'single-token match as keyword equality', query: { match: { category: 'click' } }, visible: [{ category: 'click' }], hidden: [{ category: 'view' }] },
  { name: 'prefix', query: { prefix: { category: 'cl' } }, visible: [{ category: 'click' }], hidden: [{ category: 'xclick' }, {}] },
  { name: 'wildcard', query: { wildcard: { category: { value: 'c*k' } } }, visible: [{ category: 'click' }, { category: 'ck' }], hidden: [{ category: 'clicks' }] },
  { name: 'template: owner is the user', query: { template: { source: { term: { owner: '{{_user.username}}' } } } }, visible: [{ owner: 'jane' }], hidden: [{ owner: 'joe' }, {}] },
  { name: 'template: level up to the user metadata', query: { template: { source: '{"range": {"level": {"lte": "{{_user.metadata.level}}"}}}' } }, visible: [{ level: 3 }, { level: -1 }], hidden: [{ level: 4 }, {}] },
  { name: 'match_none', query: { match_none: {} }, visible: [], hidden: [{}, { status: 'open' }] },
  { name: 'double negation over a missing field', query: { bool: { must_not: [{ bool: { must_not: [{ term: { status: 'x' } }] } }] } }, visible: [{ status: 'x' }], hidden: [{}, { status: 'y' }] },
  { name: 'must_not of a conjunction', query: { bool: { must_not: [{ bool: { filter: [{ term: { status: 'x' } }, { range: { level: { gt: 1 } } }] } }] } }, visible: [{}, { status: 'x' }, { status: 'x', level: 1 }, { level: 9 }], hidden: [{ status: 'x', level: 2 }] },
];

describe('Query DSL subset: imported queries decide as Elasticsearch matches', () => {
  let engines: Engines;
  beforeAll(async () => {
    const roles = Object.fromEntries(CASES.map((c, i) => [`q${i}`, { indices: [{ names: [`q${i}-*`], privileges: ['read'], query: c.query }] }]));
    const outcome = importElasticsearch([{ file: 'roles.json', text: JSON.stringify(roles) }], []);
    engines = await enginesOf(checkImported(outcome));
  }, 120_000);

  const request = (i: number, doc: Doc): Request =>
    ({
      principal: { type: 'user', id: 'jane', roles: [`q${i}`], attributes: { level: 3 } },
      action: 'read',
      resource: { type: 'document', index: `q${i}-2026`, attributes: doc },
    }) as unknown as Request;

  it.each(CASES.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    const c = CASES[i]!;
    for (const [docs, expected] of [[c.visible, 'allow'], [c.hidden, 'deny']] as const)
      for (const doc of docs) {
        const r = request(i, doc);
        expect(engines.valid(r), JSON.stringify(doc)).toBe(true);
        expect({ doc, ...engines.decide(r) }).toEqual({ doc, cedar: expected, rego: expected });
      }
  });
});
