/**
 * fast-check arbitraries for engine-neutral requests of one policy set, drawn from the
 * set's schema and the constants in its IR (see constants.ts). Every generated request
 * is meant to pass the request schema: required attributes present with the declared
 * type, optional ones present or absent, actions of the family the resource type takes.
 * Shrinking: options shrink to "absent", sets to fewer elements, picks to the first
 * (simplest) constant of their pool.
 */
import fc from 'fast-check';
import type { AttributeIR, PolicySetIR } from '../../semantics/ir.ts';
import type { AttrValue, Request, RequestResource } from '../../request/types.ts';
import type { Constants } from './constants.ts';
import { unique } from './names.ts';

export function requestArbitrary(ir: PolicySetIR, k: Constants): fc.Arbitrary<Request> {
  const principal = fc
    .record({
      type: fc.constantFrom('user' as const, 'api_key' as const),
      id: pick(k.principalIds),
      realm: optional(pick(k.realms)),
      groups: optional(subset(k.groups, 3)),
      roles: optional(subset(k.requestRoles, 3)),
      attributes: attributes(ir.schema.user, 'user', k),
    })
    .map(compact);
  const context = attributes(ir.schema.context, 'context', k);
  return fc
    .record({ principal, resource: resourceAndAction(ir, k), context })
    .map(({ principal, resource: [action, resource], context }) =>
      compact({ principal, action, resource, context }) as unknown as Request,
    );
}

/** [action, resource] pairs, weighted toward the resource types policies say most about. */
function resourceAndAction(ir: PolicySetIR, k: Constants): fc.Arbitrary<[string, RequestResource]> {
  const names = (xs: { name: string }[]) => xs.map((p) => p.name);
  const indexPrivs = names(ir.catalog.index);
  const deployment = optional(pick(k.deployments));
  // A document request always carries its attributes, even when the schema declares none.
  const docAttrs = attributes(ir.schema.document, 'document', k).map((a) => a ?? {});
  const withAction = (actions: string[], res: fc.Arbitrary<Record<string, unknown>>) =>
    fc.tuple(pick(actions), res.map((r) => compact(r) as unknown as RequestResource));
  const cloudFor = (target: 'organization' | 'deployment') => names(ir.catalog.cloud.filter((p) => p.target === target));
  const arms: fc.WeightedArbitrary<[string, RequestResource]>[] = [
    { weight: 4, arbitrary: withAction(indexPrivs, fc.record({ type: fc.constant('index'), index: pick(k.indexNames), deployment })) },
    { weight: 4, arbitrary: withAction(indexPrivs, fc.record({ type: fc.constant('document'), index: pick(k.indexNames), deployment, attributes: docAttrs })) },
    {
      weight: 3,
      arbitrary: withAction(
        indexPrivs,
        fc.record({ type: fc.constant('field'), index: pick(k.indexNames), field: pick(k.fieldNames), deployment, attributes: optional(docAttrs) }),
      ),
    },
    { weight: 2, arbitrary: withAction(names(ir.catalog.cluster), fc.record({ type: fc.constant('cluster'), deployment })) },
    { weight: 1, arbitrary: withAction(['run_as'], fc.record({ type: fc.constant('user'), name: pick(k.runAsUsers), deployment })) },
    {
      weight: 2,
      arbitrary: withAction(
        k.appPrivileges,
        fc.record({ type: fc.constant('application'), application: pick(k.applications), resource: pick(k.appResources), deployment }),
      ),
    },
  ];
  const org = cloudFor('organization');
  const dep = cloudFor('deployment');
  if (org.length) arms.push({ weight: 1, arbitrary: withAction(org, fc.record({ type: fc.constant('organization') })) });
  if (dep.length) arms.push({ weight: 2, arbitrary: withAction(dep, fc.record({ type: fc.constant('deployment'), deployment: pick(k.deployments) })) });
  return fc.oneof(...arms);
}

/** Values for a schema block: required attributes always, optional ones maybe. */
function attributes(attrs: AttributeIR[], scope: string, k: Constants): fc.Arbitrary<Record<string, AttrValue> | undefined> {
  if (attrs.length === 0) return fc.constant(undefined);
  const fields: Record<string, fc.Arbitrary<AttrValue | undefined>> = {};
  for (const a of attrs) {
    const v = valueOf(a, `${scope}.${a.name}`, k);
    fields[a.name] = a.optional ? optional(v) : v;
  }
  return fc.record(fields).map((r) => compact(r) as Record<string, AttrValue>);
}

function valueOf(a: AttributeIR, key: string, k: Constants): fc.Arbitrary<AttrValue> {
  const strings = unique([...(k.strings.get(key) ?? []), ...k.allStrings, '']);
  const longs = unique([...(k.longs.get(key) ?? []), ...k.allLongs]);
  switch (a.type) {
    case 'String':
      return pick(strings);
    case 'Long':
      return pick(longs);
    case 'Bool':
      return fc.boolean();
    case 'IpAddr':
      return pick(unique([...(k.ips.get(key) ?? []), ...k.allIps]));
    case 'Set<String>':
      // Small pools make subsets/supersets of literals and of other attributes' values likely.
      return subset(strings.slice(0, 8), 4);
    case 'Set<Long>':
      return subset(longs.slice(0, 8), 4);
  }
}

/** A few elements of a pool, in pool order (shrinks toward fewer, earlier ones). */
function subset<T>(xs: T[], max: number): fc.Arbitrary<T[]> {
  return fc.subarray(xs, { maxLength: Math.min(max, xs.length) });
}

function pick<T>(xs: T[]): fc.Arbitrary<T> {
  return fc.constantFrom(...xs);
}

function optional<T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(a, { nil: undefined, freq: 3 });
}

/** Drops keys whose value is undefined (absent, not `null`). */
function compact<T extends Record<string, unknown>>(r: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(r)) if (v !== undefined) out[key] = v;
  return out as T;
}
