/**
 * fast-check arbitraries for engine-neutral requests of one policy set, drawn from the
 * set's schema and the constants in its IR (see constants.ts). Every generated request
 * is meant to pass the request schema: required attributes present with the declared
 * type, optional ones present or absent, actions of the family the resource type takes.
 *
 * A mixture: 30% free requests over all pools, 70% focused on one rule (targets.ts).
 * Shrinking: options shrink to "absent", sets to fewer elements, picks to the first
 * (simplest) constant of their pool.
 */
import fc from 'fast-check';
import type { AttributeIR, PolicySetIR } from '../../semantics/ir.ts';
import type { AttrValue, Request, RequestResource, ResourceType } from '../../request/types.ts';
import type { Constants } from './constants.ts';
import { unique } from './names.ts';
import { focusPoints, type Focus } from './targets.ts';

export function requestArbitrary(ir: PolicySetIR, k: Constants): fc.Arbitrary<Request> {
  const free = requestFor(ir, k, undefined);
  const focused = focusPoints(ir).map((f) => requestFor(ir, k, f));
  if (focused.length === 0) return free;
  return fc.oneof({ weight: 3, arbitrary: free }, { weight: 7, arbitrary: fc.oneof(...focused) });
}

function requestFor(ir: PolicySetIR, k: Constants, f: Focus | undefined): fc.Arbitrary<Request> {
  const roles = optional(subset(k.requestRoles, 3));
  const groups = optional(subset(k.groups, 3));
  const principal = record({
    type: f?.principal ? fc.constant(f.principal.type) : fc.constantFrom('user' as const, 'api_key' as const),
    id: f?.principal ? fc.constant(f.principal.id) : pick(k.principalIds),
    realm: optional(pick(k.realms)),
    groups: f?.group ? groups.map((g) => unique([f.group!, ...(g ?? [])])) : groups,
    roles: f?.role ? roles.map((r) => unique([f.role!, ...(r ?? [])])) : f?.noRequestRoles ? fc.constant(undefined) : roles,
    attributes: attributes(ir.schema.user, 'user', k),
  });
  const context = attributes(ir.schema.context, 'context', k);
  return fc
    .tuple(principal, resourceAndAction(ir, k, f), context)
    .map(([principal, [action, resource], context]) => compact({ principal, action, resource, context }) as unknown as Request);
}

/** [action, resource] pairs for the focus's resource types (or all, weighted). */
function resourceAndAction(ir: PolicySetIR, k: Constants, f: Focus | undefined): fc.Arbitrary<[string, RequestResource]> {
  const names = (xs: { name: string }[]) => xs.map((p) => p.name);
  const pool = (narrow: string[] | undefined, general: string[]) => (narrow && narrow.length ? narrow : general);
  const family = (type: ResourceType): string[] => {
    if (type === 'cluster') return names(ir.catalog.cluster);
    if (type === 'user') return ['run_as'];
    if (type === 'application') return pool(f?.appPrivileges, k.appPrivileges);
    if (type === 'organization' || type === 'deployment') return names(ir.catalog.cloud.filter((p) => p.target === type));
    return names(ir.catalog.index);
  };
  const actionsFor = (type: ResourceType) => {
    const all = family(type);
    const narrowed = f?.actions ? all.filter((a) => f.actions!.includes(a)) : [];
    return narrowed.length ? narrowed : all;
  };
  const index = pick(pool(f?.indexNames, k.indexNames));
  const deployments = pool(f?.deployments, k.deployments);
  const deployment = optional(pick(deployments));
  // A document request always carries its attributes, even when the schema declares none.
  const docAttrs = attributes(ir.schema.document, 'document', k).map((a) => a ?? {});
  const shapes: Record<ResourceType, () => fc.Arbitrary<Record<string, unknown>>> = {
    index: () => record({ type: fc.constant('index'), index, deployment }),
    document: () => record({ type: fc.constant('document'), index, deployment, attributes: docAttrs }),
    field: () => record({ type: fc.constant('field'), index, field: pick(pool(f?.fieldNames, k.fieldNames)), deployment, attributes: optional(docAttrs) }),
    cluster: () => record({ type: fc.constant('cluster'), deployment }),
    user: () => record({ type: fc.constant('user'), name: pick(pool(f?.runAsUsers, k.runAsUsers)), deployment }),
    application: () =>
      record({
        type: fc.constant('application'),
        application: pick(pool(f?.applications, k.applications)),
        resource: pick(pool(f?.appResources, k.appResources)),
        deployment,
      }),
    organization: () => record({ type: fc.constant('organization') }),
    deployment: () => record({ type: fc.constant('deployment'), deployment: pick(deployments) }),
  };
  const arm = (type: ResourceType): fc.Arbitrary<[string, RequestResource]> | undefined => {
    const actions = actionsFor(type);
    if (actions.length === 0) return undefined;
    return fc.tuple(pick(actions), shapes[type]() as unknown as fc.Arbitrary<RequestResource>);
  };
  const weights: Record<ResourceType, number> = { index: 4, document: 4, field: 3, cluster: 2, user: 1, application: 2, organization: 1, deployment: 2 };
  const types = f ? f.types : (Object.keys(weights) as ResourceType[]);
  const arms = types
    .map((t) => ({ t, a: arm(t) }))
    .filter((x): x is { t: ResourceType; a: fc.Arbitrary<[string, RequestResource]> } => x.a !== undefined)
    .map(({ t, a }) => ({ weight: f ? 1 : weights[t], arbitrary: a }));
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
  return record(fields) as fc.Arbitrary<Record<string, AttrValue>>;
}

/**
 * Small pools per attribute: its own literals, those of the operands it is compared with,
 * and a couple of shared defaults — so that attributes compared with each other
 * (document.department == user.department) coincide often, and sets are often subsets or
 * supersets of each other and of literals.
 */
function valueOf(a: AttributeIR, key: string, k: Constants): fc.Arbitrary<AttrValue> {
  const related = [key, ...(k.links.get(key) ?? [])];
  const strings = unique([...related.flatMap((r) => k.strings.get(r) ?? []), 'a', 'b']);
  const longs = unique([...related.flatMap((r) => k.longs.get(r) ?? []), 0, 1, 2]);
  switch (a.type) {
    case 'String':
      return pick(strings);
    case 'Long':
      return pick(longs);
    case 'Bool':
      return fc.boolean();
    case 'IpAddr':
      return pick(unique([...related.flatMap((r) => k.ips.get(r) ?? []), ...k.allIps]));
    case 'Set<String>':
      return subset(strings.slice(0, 6), 4);
    case 'Set<Long>':
      return subset(longs.slice(0, 6), 4);
  }
}

/** A few elements of a pool, in pool order (shrinks toward fewer, earlier ones). */
function subset<T>(xs: T[], max: number): fc.Arbitrary<T[]> {
  return fc.subarray(xs, { maxLength: Math.min(max, xs.length) });
}

/**
 * One element of a pool, uniformly; shrinks toward the first. (Not `fc.constantFrom(...xs)`:
 * spreading a pool as arguments overflows the stack for the pools of a 10,000-role set.)
 */
function pick<T>(xs: readonly T[]): fc.Arbitrary<T> {
  return fc.integer({ min: 0, max: xs.length - 1 }).map((i) => xs[i]!);
}

function optional<T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(a, { nil: undefined, freq: 2 });
}

/**
 * `fc.record(model).map(compact)` in one step: an object of the model's keys, without
 * those whose value is undefined (absent, not `null`). It draws exactly what
 * `fc.record(model, { noNullPrototype: true })` draws — fast-check builds that record as a
 * tuple of the same arbitraries (and a constant) mapped to an object — so the stream of a
 * seed is the record's; it only skips building the record's object, its map layer and
 * compact's copy (generation runs for every request the fuzzer evaluates).
 */
function record(model: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(model);
  return fc.tuple(...keys.map((key) => model[key]!)).map((values) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) if (values[i] !== undefined) out[keys[i]!] = values[i];
    return out;
  });
}

/**
 * Drops keys whose value is undefined (absent, not `null`). (`for…in`, not
 * Object.entries: it runs for every generated request, and the entries' pairs were a
 * sixth of generation's time.)
 */
function compact<T extends Record<string, unknown>>(r: T): T {
  const out: Record<string, unknown> = {};
  for (const key in r) {
    const v = r[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}
