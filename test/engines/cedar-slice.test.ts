/**
 * Policy slicing (src/engines/cedar-slice.ts) must not change any answer: on every example
 * policy set and on a generated 80-role set, the sliced engine and the whole-set engine —
 * both real cedar-wasm — give the same decision, reasons, denying rules and errors for
 * hundreds of generated requests each (a slice missing from the cache costs a
 * pre-parse, and random principals miss often: this is the slow path, on purpose). Plus the pieces: scope reading, the action hierarchy,
 * and the bounded slice cache.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCedar } from '../../src/backends/cedar/compile.ts';
import { nodeCedar } from '../../src/backends/cedar/wasm-node.ts';
import { CedarEngine } from '../../src/engines/cedar.ts';
import { entityKey, indexPrefixesOf, PolicySlicer, principalsOf, PRINCIPAL_SLICING_FROM, scopeOf, SliceCache } from '../../src/engines/cedar-slice.ts';
import { checkSources, discoverPolicySets, loadPolicySet } from '../../src/semantics/index.ts';
import type { PolicySetIR } from '../../src/semantics/ir.ts';
import { collectConstants } from '../../src/harness/fuzz/constants.ts';
import { requestArbitrary } from '../../src/harness/fuzz/generate.ts';
import { requestSchema } from '../../src/request/schema.ts';
import { requestValidator } from '../../src/request/validate.ts';
import { generate } from '../../bench/frontend.bench.ts';

function sameAnswers(ir: PolicySetIR, runs: number, seed: number): number {
  const bundle = compileCedar(ir);
  const whole = CedarEngine.fromBundle(bundle, nodeCedar, { slicing: false });
  const sliced = CedarEngine.fromBundle(bundle, nodeCedar, { slicing: true });
  const valid = requestValidator(requestSchema(ir));
  const requests = fc.sample(requestArbitrary(ir, collectConstants(ir)), { seed, numRuns: runs }).filter((r) => valid(r).length === 0);
  let allowed = 0;
  for (const r of requests) {
    const a = whole.evaluate(r);
    expect(sliced.evaluate(r), JSON.stringify(r)).toEqual(a);
    if (a.ok && a.decision.decision === 'allow') allowed++;
  }
  return allowed;
}

/** A call by User::"u" on Index::"i" (action `a`) with the given entities. */
function callWith(entities: { uid: { type: string; id: string }; attrs: Record<string, unknown>; parents: { type: string; id: string }[] }[]): never {
  return { principal: { type: 'User', id: 'u' }, action: { type: 'Action', id: 'a' }, resource: { type: 'Index', id: 'i' }, context: {}, entities } as never;
}

describe('Cedar policy slicing', () => {
  it('decides every example set exactly as the whole set does', async () => {
    const sets = await discoverPolicySets(['policies']);
    expect(sets.length).toBeGreaterThanOrEqual(3);
    for (const paths of sets) {
      const { ir } = await loadPolicySet(paths);
      // Some requests must be allowed, or equal answers would prove little.
      expect(sameAnswers(ir!, 600, 7)).toBeGreaterThan(0);
    }
  }, 240_000);

  it('decides a generated 80-role set exactly as the whole set does', () => {
    const { ir } = checkSources(generate(80));
    // Big enough to be cut by principal as well (the example sets are not).
    expect(compileCedar(ir!).policies.length).toBeGreaterThanOrEqual(PRINCIPAL_SLICING_FROM);
    expect(sameAnswers(ir!, 600, 11)).toBeGreaterThan(0);
  }, 240_000);

  it('reads principal, action and resource scopes from Cedar JSON', () => {
    const role = { type: 'Role', id: 'r"x' };
    expect(
      scopeOf('p0', {
        principal: { op: 'in', entity: role },
        action: { op: 'in', entities: [{ type: 'Action', id: 'a' }, { __entity: { type: 'Action', id: 'b' } }] },
        resource: { op: 'is', entity_type: 'Index' },
      }),
    ).toEqual({ id: 'p0', principal: entityKey('Role', 'r"x'), actions: ['Action::"a"', 'Action::"b"'], resourceType: 'Index' });
    expect(scopeOf('p1', { principal: { op: 'All' }, action: { op: 'All' }, resource: { op: 'All' } })).toEqual({ id: 'p1' });
    expect(scopeOf('p2', { principal: { op: 'is', entity_type: 'User' }, action: { op: '==', entity: { type: 'Action', id: 'a' } }, resource: { op: 'in', entity: { type: 'Deployment', id: 'd' } } })).toEqual({
      id: 'p2',
      actions: ['Action::"a"'],
      resource: 'Deployment::"d"',
    });
  });

  it('follows the action hierarchy the call itself carries, and keys slices by it', () => {
    const slicer = new PolicySlicer([
      { id: 'p0', actions: ['Action::"all"'] },
      { id: 'p1', actions: ['Action::"read"'] },
      { id: 'p2', resourceType: 'Cluster' },
    ]);
    const action = (id: string, parents: string[]) => ({ uid: { type: 'Action', id }, attrs: {}, parents: parents.map((p) => ({ type: 'Action', id: p })) });
    const call = (entities: ReturnType<typeof action>[]) =>
      ({ principal: { type: 'User', id: 'u' }, action: { type: 'Action', id: 'index' }, resource: { type: 'Index', id: 'i' }, context: {}, entities }) as never;
    const inAll = slicer.select(call([action('index', ['write']), action('write', ['all']), action('all', [])]));
    expect(inAll.ids()).toEqual(['p0']);
    const alone = slicer.select(call([action('index', [])]));
    expect(alone.ids()).toEqual([]);
    expect(alone.key).not.toBe(inAll.key);
  });

  it('cuts by the index prefix of a first conjunct `resource.index like …` only', () => {
    const est = (text: string) => {
      const r = nodeCedar.policyToJson(text);
      if (r.type === 'failure') throw new Error(r.errors[0]!.message);
      return r.json as { conditions?: unknown };
    };
    const cond = (when: string) => est(`forbid (principal, action, resource is Index) ${when};`).conditions;
    expect(indexPrefixesOf(cond('when { (resource.index like "prod-*") && !context.mfa }'))).toEqual(['prod-']);
    expect(indexPrefixesOf(cond('when { ((resource.index like "a\\*b*") || (resource.index like "c*d")) && context.x && context.y }'))!.sort()).toEqual(['a*b', 'c']);
    expect(indexPrefixesOf(cond('when { resource.index like "exact" }'))).toEqual(['exact']);
    // Not first, not on resource.index, a pattern starting with a wildcard, `unless`, two conditions: no cut.
    for (const when of [
      'when { context.mfa && (resource.index like "prod-*") }',
      'when { resource.name like "prod-*" }',
      'when { (resource.index like "prod-*") || (resource.index like "*x") }',
      'unless { resource.index like "prod-*" }',
      'when { resource.index like "prod-*" } when { context.mfa }',
    ]) expect(indexPrefixesOf(cond(when)), when).toBeUndefined();

    const slicer = new PolicySlicer([
      { id: 'p0', indexPrefixes: ['prod-'] },
      { id: 'p1', indexPrefixes: ['logs-', 'prod-eu-'] },
      { id: 'p2' },
    ]);
    const call = (attrs: Record<string, unknown>) => callWith([{ uid: { type: 'Index', id: 'i' }, attrs, parents: [] }]);
    expect(slicer.select(call({ index: 'prod-eu-1' })).ids()).toEqual(['p0', 'p1', 'p2']);
    expect(slicer.select(call({ index: 'prod-us' })).ids()).toEqual(['p0', 'p2']);
    expect(slicer.select(call({ index: 'other' })).ids()).toEqual(['p2']);
    // Without a string index the cut is not made (Cedar would report the error).
    expect(slicer.select(call({})).ids()).toEqual(['p0', 'p1', 'p2']);
    expect(slicer.select(call({ index: 'prod-us' })).key).not.toBe(slicer.select(call({ index: 'prod-eu-1' })).key);
    expect(slicer.select(call({ index: 'prod-us' })).key).toBe(slicer.select(call({ index: 'prod-x' })).key);
  });

  it('reads a leading `principal in [...]` as principal anchors, listing the policy once per slice', () => {
    const cond = (when: string) => (nodeCedar.policyToJson(`permit(principal, action, resource) ${when};`) as { json: { conditions: unknown } }).json.conditions;
    expect(principalsOf(cond('when { principal in [Role::"a", Role::"b"] && context.mfa }'))).toEqual([entityKey('Role', 'a'), entityKey('Role', 'b')]);
    expect(principalsOf(cond('when { principal in Role::"a" }'))).toEqual([entityKey('Role', 'a')]);
    for (const when of [
      'when { context.mfa && principal in [Role::"a"] }',
      'when { principal in [Role::"a"] || context.mfa }',
      'when { principal in [] && context.mfa }',
      'when { principal in context.roles && context.mfa }',
      'when { principal in [Role::"a"] } when { context.mfa }',
      'unless { principal in [Role::"a"] }',
    ]) expect(principalsOf(cond(when)), when).toBeUndefined();

    // Past PRINCIPAL_SLICING_FROM policies: p1 is kept for a principal below a or b, once.
    const filler = Array.from({ length: PRINCIPAL_SLICING_FROM }, (_, i) => ({ id: `f${i}`, principal: entityKey('Role', `f${i}`) }));
    const slicer = new PolicySlicer([{ id: 'p0' }, { id: 'p1', principals: [entityKey('Role', 'a'), entityKey('Role', 'b')] }, ...filler]);
    const call = (roles: string[]) => callWith([{ uid: { type: 'User', id: 'u' }, attrs: {}, parents: roles.map((id) => ({ type: 'Role', id })) }]);
    expect(slicer.select(call(['a', 'b'])).ids()).toEqual(['p0', 'p1']);
    expect(slicer.select(call(['b'])).ids()).toEqual(['p0', 'p1']);
    expect(slicer.select(call(['c'])).ids()).toEqual(['p0']);
  });

  it('gives two selections one key only when they select alike, whatever the ids contain', () => {
    // A deployment id holding what a naive join would put between two ids.
    const joined = 'a" Deployment::"b';
    const slicer = new PolicySlicer([
      { id: 'p0', resource: entityKey('Deployment', 'a') },
      { id: 'p1', resource: entityKey('Deployment', 'b') },
      { id: 'p2', resource: entityKey('Deployment', joined) },
    ]);
    const call = (deployments: string[]) => callWith([{ uid: { type: 'Index', id: 'i' }, attrs: {}, parents: deployments.map((id) => ({ type: 'Deployment', id })) }]);
    const both = slicer.select(call(['a', 'b']));
    const one = slicer.select(call([joined]));
    expect(both.ids()).toEqual(['p0', 'p1']);
    expect(one.ids()).toEqual(['p2']);
    expect(both.key).not.toBe(one.key);
    // The order parents are listed in changes nothing.
    expect(slicer.select(call(['b', 'a'])).key).toBe(both.key);
  });

  it('keeps at most `capacity` slices, reusing the least recently used slot', () => {
    const parsed: string[] = [];
    const cache = new SliceCache('set', 2, (slot, ids) => parsed.push(`${slot}:${ids.join(',')}`));
    const slice = (key: string, ids: string[]) => ({ key, ids: () => ids });
    const a = cache.entryFor(slice('a', ['p0']));
    const b = cache.entryFor(slice('b', ['p1']));
    expect(cache.entryFor(slice('a', ['p0']))).toBe(a); // a hit: not pre-parsed again
    const c = cache.entryFor(slice('c', [])); // evicts b, the least recently used
    expect(c).toEqual({ id: b.id, empty: true });
    expect(a.empty).toBe(false);
    expect(parsed).toEqual(['set#0:p0', 'set#1:p1', 'set#1:']);
  });

  it('pre-parses each list of policies once, whatever key selects it', () => {
    const parsed: string[] = [];
    const cache = new SliceCache('set', 2, (slot, ids) => parsed.push(`${slot}:${ids.join(',')}`));
    const slice = (key: string, ids: string[]) => ({ key, ids: () => ids });
    const a = cache.entryFor(slice('read logs-a', ['p0', 'p2']));
    expect(cache.entryFor(slice('read logs-b', ['p0', 'p2']))).toBe(a);
    expect(cache.entryFor(slice('read metrics', ['p0']))).not.toBe(a);
    expect(parsed).toEqual(['set#0:p0,p2', 'set#1:p0']);
    // A list evicted and wanted again through a key seen before is pre-parsed again.
    cache.entryFor(slice('write', ['p1'])); // evicts p0,p2
    const again = cache.entryFor(slice('read logs-b', ['p0', 'p2']));
    expect(again.empty).toBe(false);
    expect(parsed).toEqual(['set#0:p0,p2', 'set#1:p0', 'set#0:p1', 'set#1:p0,p2']);
  });
});
