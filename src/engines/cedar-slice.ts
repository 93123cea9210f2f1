/**
 * Policy slicing for the Cedar engine: which policies of a set a request can possibly
 * satisfy, read from each policy's *scope* as Cedar's own parser reports it.
 *
 * Why: cedar-wasm 4.13's `statefulIsAuthorized` costs about 1.8 µs per policy of the
 * pre-parsed set on every call, whether or not the policy's scope matches (measured:
 * 1,000 policies that never match cost as much as 1,000 that are evaluated). A 1,000-role
 * set has ~5,000 policies, so every decision paid ~10 ms for policies it could not match.
 *
 * Sound by construction: a policy whose principal scope is `principal == E`, `principal
 * in E` or `principal is T in E` is satisfied only if E is the principal or one of its
 * ancestors *in the entities of the call* (the adapter builds them; the slicer walks the
 * same list), and one whose action scope names actions only if one of them is the request's
 * action or an ancestor of it — again in the call's entities, which carry the action
 * hierarchy (no schema is given to cedar-wasm at evaluation); the resource scope likewise
 * (`is T`: the resource's type; `==`/`in E`: E is the resource or its ancestor). A scope that fails makes
 * the policy "not satisfied" without evaluating its condition, so it can neither permit,
 * forbid nor report an error: leaving it out changes neither the decision, nor the
 * determining policies, nor the errors. Two cuts are read from a condition's first
 * conjunct by the same argument (`&&` stops at a false operand without error): the index
 * cut (indexPrefixesOf) and the principal cut (principalsOf). Everything else is kept.
 * Cedar still evaluates every policy of the slice, scope included; nothing is decided here.
 * test/engines/cedar-slice.test.ts holds sliced decisions equal to whole-set decisions.
 */
import type { EntityJson } from '../backends/cedar/wasm-api.ts';
import type { CedarCall } from '../backends/cedar/adapter.ts';

/** What slicing needs to know of one policy: its id and its scope anchors. */
export interface PolicyScope {
  id: string;
  /** The entity (`type::id` key) the principal scope requires; absent: any principal. */
  principal?: string;
  /**
   * With no principal scope: the principal must be one of these or below one, read from
   * the condition's first conjunct (see principalsOf); absent: any principal.
   */
  principals?: string[];
  /** Actions (keys) the action scope names (`==` or `in`); absent: any action. */
  actions?: string[];
  /** The entity type the resource scope requires (`is T`); absent: any type. */
  resourceType?: string;
  /** The entity the resource scope requires (`==`, `in`, `is T in`); absent: any. */
  resource?: string;
  /**
   * The policy can hold only if `resource.index` starts with one of these (read from its
   * condition's first conjunct; see indexPrefixesOf); absent: any index.
   */
  indexPrefixes?: string[];
}

/** `type::id` (ids may contain anything; the type cannot contain `::"`). */
export function entityKey(type: string, id: string): string {
  return `${type}::"${id}"`;
}

/** Reads the scope anchors from a policy's JSON form (cedar-wasm `policyToJson`). */
export function scopeOf(id: string, est: { principal?: unknown; action?: unknown; resource?: unknown; conditions?: unknown }): PolicyScope {
  const scope: PolicyScope = { id };
  const prefixes = indexPrefixesOf(est.conditions);
  if (prefixes) scope.indexPrefixes = prefixes;
  const principals = principalsOf(est.conditions);
  const r = est.resource as { op?: string; entity?: unknown; entity_type?: unknown; in?: { entity?: unknown } } | undefined;
  if (r && (r.op === '==' || r.op === 'in')) {
    const e = uidOf(r.entity);
    if (e) scope.resource = e;
  } else if (r && r.op === 'is') {
    if (typeof r.entity_type === 'string') scope.resourceType = r.entity_type;
    const e = r.in ? uidOf(r.in.entity) : undefined;
    if (e) scope.resource = e;
  }
  const p = est.principal as { op?: string; entity?: unknown; in?: { entity?: unknown } } | undefined;
  if (p && (p.op === '==' || p.op === 'in')) {
    const e = uidOf(p.entity);
    if (e) scope.principal = e;
  } else if (p && p.op === 'is' && p.in) {
    const e = uidOf(p.in.entity);
    if (e) scope.principal = e;
  }
  if (scope.principal === undefined && principals) scope.principals = principals;
  const a = est.action as { op?: string; entity?: unknown; entities?: unknown[] } | undefined;
  if (a && (a.op === '==' || a.op === 'in')) {
    const list = a.entities ?? (a.entity !== undefined ? [a.entity] : []);
    const keys = list.map(uidOf);
    if (keys.length > 0 && keys.every((k) => k !== undefined)) scope.actions = keys as string[];
  }
  return scope;
}

/**
 * Why a condition can be cut by index name: Cedar evaluates `&&` left to right and stops
 * at the first false operand. When a policy's only condition is `when { A && … }` and its
 * first conjunct A is `resource.index like P` — or an `||` of such tests — then on a
 * resource whose `index` attribute is a string starting with none of the patterns'
 * literal prefixes, A is false *without error* (`like` on a string never errors), so the
 * policy is not satisfied and reports no error: leaving it out changes nothing. The
 * slicer applies the cut only when the call's resource entity has a string `index`.
 * Returns the prefixes (text before the first wildcard), or undefined when the condition
 * has another shape or some pattern starts with a wildcard.
 */
export function indexPrefixesOf(conditions: unknown): string[] | undefined {
  const first = firstConjunct(conditions) as Record<string, { left?: unknown; right?: unknown }> | undefined;
  if (!first) return undefined;
  const prefixes: string[] = [];
  const stack = [first];
  while (stack.length > 0) {
    const e = stack.pop();
    if (e?.['||']) {
      stack.push(e['||'].left as typeof first, e['||'].right as typeof first);
      continue;
    }
    const like = (e as { like?: { left?: unknown; pattern?: unknown } } | undefined)?.like;
    const prefix = like && isResourceIndex(like.left) ? literalPrefix(like.pattern) : undefined;
    if (!prefix) return undefined;
    prefixes.push(prefix);
  }
  return prefixes;
}

/** The first conjunct of a policy's only `when` (Cedar's JSON form), if it has one. */
function firstConjunct(conditions: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(conditions) || conditions.length !== 1) return undefined;
  const c = conditions[0] as { kind?: unknown; body?: unknown };
  if (c.kind !== 'when') return undefined;
  let first = c.body as Record<string, { left?: unknown }> | undefined;
  while (first && first['&&']) first = first['&&'].left as typeof first;
  return first;
}

/**
 * The principal cut, read from a condition as the index cut is: when a policy's only
 * condition is `when { principal in [E1, …] && … }` (or `principal in E && …`), then for a
 * principal that is none of the Ei and below none of them in the call's entities the
 * first conjunct is false without error (`in` on entity literals never errs), so the
 * policy is not satisfied and reports no error. Returns the Ei keys, or undefined.
 */
export function principalsOf(conditions: unknown): string[] | undefined {
  const test = firstConjunct(conditions)?.in as { left?: { Var?: unknown }; right?: { Value?: unknown; Set?: unknown[] } } | undefined;
  if (test?.left?.Var !== 'principal' || !test.right) return undefined;
  const items = test.right.Set ?? [test.right];
  const keys = items.map((x) => uidOf((x as { Value?: unknown }).Value));
  return keys.length > 0 && keys.every((k) => k !== undefined) ? (keys as string[]) : undefined;
}

function isResourceIndex(e: unknown): boolean {
  const dot = (e as { '.'?: { left?: { Var?: unknown }; attr?: unknown } } | undefined)?.['.'];
  return dot?.left?.Var === 'resource' && dot.attr === 'index';
}

/** The literal text before a pattern's first wildcard (EST: `{"Literal": c}` / "Wildcard"). */
function literalPrefix(pattern: unknown): string | undefined {
  if (!Array.isArray(pattern)) return undefined;
  let out = '';
  for (const el of pattern) {
    const lit = (el as { Literal?: unknown } | undefined)?.Literal;
    if (typeof lit !== 'string') break;
    out += lit;
  }
  return out;
}

function uidOf(v: unknown): string | undefined {
  const o = (v as { __entity?: unknown } | undefined)?.__entity ?? v;
  const { type, id } = (o ?? {}) as { type?: unknown; id?: unknown };
  return typeof type === 'string' && typeof id === 'string' ? entityKey(type, id) : undefined;
}

/**
 * A slice of the policy set: its cache key — everything the selection depends on, so
 * equal keys select equal policies — and the ids of its policies in set order, computed
 * only when the cache misses (filtering the scopes is most of a selection's cost).
 */
export interface Slice {
  key: string;
  ids(): string[];
}

/**
 * From this many policies on, slices are also cut by principal. Below it they are cut by
 * action and resource only: a few dozen slices for a whole run, each pre-parsed once.
 * Cutting a small set by principal too makes slices a little smaller but far more
 * numerous — random principals (the fuzzer's) then missed the cache so often that
 * pre-parsing took a quarter of a run.
 */
export const PRINCIPAL_SLICING_FROM = 400;

/** Indexes a policy set's scopes; `select` gives the slice a call can match. */
export class PolicySlicer {
  private readonly byPrincipal = new Map<string, PolicyScope[]>();
  private readonly unscoped: PolicyScope[] = [];
  private readonly order = new Map<string, number>();
  private readonly resourceAnchors = new Set<string>();
  private readonly indexPrefixes = new Set<string>();
  private prefixLengths: number[] | undefined;

  constructor(scopes: readonly PolicyScope[]) {
    const byPrincipal = scopes.length >= PRINCIPAL_SLICING_FROM;
    scopes.forEach((s, i) => {
      this.order.set(s.id, i);
      if (s.resource !== undefined) this.resourceAnchors.add(s.resource);
      for (const p of s.indexPrefixes ?? []) this.indexPrefixes.add(p);
      const anchors = s.principal !== undefined ? [s.principal] : s.principals;
      if (anchors === undefined || !byPrincipal) this.unscoped.push(s);
      else {
        for (const a of new Set(anchors)) {
          const list = this.byPrincipal.get(a);
          if (list) list.push(s);
          else this.byPrincipal.set(a, [s]);
        }
      }
    });
  }

  select(call: CedarCall): Slice {
    const find = entityFinder(call.entities);
    const actions = ancestorsOrSelf(find, call.action).sort();
    // Walked only when some policy could be cut by them (the walks run on every call).
    const anchors = this.byPrincipal.size === 0 ? [] : ancestorsOrSelf(find, call.principal).filter((k) => this.byPrincipal.has(k)).sort();
    const resourceType = call.resource.type;
    const resources = this.resourceAnchors.size === 0 ? [] : ancestorsOrSelf(find, call.resource).filter((k) => this.resourceAnchors.has(k)).sort();
    const index = this.indexPrefixes.size === 0 ? undefined : find(call.resource)?.attrs?.index;
    // The known prefixes the index starts with (undefined: no string index, no cut).
    const prefixes = typeof index === 'string' ? this.prefixesOf(index) : undefined;
    // Everything the selection depends on, each part length-prefixed so that no two
    // selections share a key whatever their ids contain. The action's ancestors are part
    // of it: they come from the call's entities.
    let key = `${resourceType.length}:${resourceType}${prefixes ? lengthPrefixed(prefixes) : '*'}|`;
    key += lengthPrefixed(actions) + '|' + lengthPrefixed(resources) + '|' + lengthPrefixed(anchors);
    return {
      key,
      ids: () => {
        const actionSet = new Set(actions);
        const resourceSet = new Set(resources);
        const fits = (s: PolicyScope): boolean =>
          (s.actions === undefined || s.actions.some((a) => actionSet.has(a))) &&
          (s.resourceType === undefined || s.resourceType === resourceType) &&
          (s.resource === undefined || resourceSet.has(s.resource)) &&
          (s.indexPrefixes === undefined || prefixes === undefined || s.indexPrefixes.some((p) => prefixes.includes(p)));
        // A policy with several principal anchors is listed under each: once in the slice.
        const picked = new Set([...this.unscoped.filter(fits), ...anchors.flatMap((k) => this.byPrincipal.get(k)!.filter(fits))]);
        return [...picked].map((s) => s.id).sort((a, b) => this.order.get(a)! - this.order.get(b)!);
      },
    };
  }

  /** The prefixes of `index` (shortest first) that some policy's index cut names. */
  private prefixesOf(index: string): string[] {
    // Only the lengths some prefix has (a few), not every length of the index: this runs
    // on every call.
    this.prefixLengths ??= [...new Set([...this.indexPrefixes].map((p) => p.length))].sort((a, b) => a - b);
    const found: string[] = [];
    for (const n of this.prefixLengths) {
      if (n > index.length) break;
      const p = index.slice(0, n);
      if (this.indexPrefixes.has(p)) found.push(p);
    }
    return found;
  }
}

function lengthPrefixed(parts: readonly string[]): string {
  let out = '';
  for (const p of parts) out += `${p.length}:${p}`;
  return out;
}

type FindEntity = (uid: { type: string; id: string }) => EntityJson | undefined;

/** Up to this many entities a call's entity is found by a scan (no map, no key strings). */
const SCAN_UP_TO = 16;

/** Finds a call's entity by uid: a scan for the few a call usually has, a map past that. */
function entityFinder(entities: readonly EntityJson[]): FindEntity {
  if (entities.length <= SCAN_UP_TO) {
    return (uid) => {
      // From the end: of equal uids the last is found, as in the map below.
      for (let i = entities.length - 1; i >= 0; i--) {
        const u = entities[i]!.uid as { type: string; id: string };
        if (u.id === uid.id && u.type === uid.type) return entities[i];
      }
      return undefined;
    };
  }
  const byKey = new Map<string, EntityJson>();
  for (const e of entities) {
    const u = e.uid as { type: string; id: string };
    byKey.set(entityKey(u.type, u.id), e);
  }
  return (uid) => byKey.get(entityKey(uid.type, uid.id));
}

/** `uid` and its ancestors (keys) through the parents of a call's entities. */
function ancestorsOrSelf(find: FindEntity, uid: { type: string; id: string }): string[] {
  const seen = new Set<string>();
  const stack = [uid];
  while (stack.length > 0) {
    const u = stack.pop()!;
    const k = entityKey(u.type, u.id);
    if (seen.has(k)) continue;
    seen.add(k);
    const parents = find(u)?.parents as { type: string; id: string }[] | undefined;
    if (parents) for (const p of parents) stack.push(p);
  }
  return [...seen];
}

/** A cached slice: the pre-parsed set id holding it, and whether it holds no policy. */
export interface SliceEntry {
  id: string;
  empty: boolean;
}

/**
 * The pre-parsed slices of one policy set, least recently used first out. cedar-wasm keeps
 * every pre-parsed set for the life of the process (there is no call to drop one), but
 * pre-parsing under an id it already holds replaces that entry: slots are reused, so memory
 * stays bounded by `capacity` slices whatever the traffic.
 *
 * Slots are keyed by the slice's policies, not by its selection key: many keys select the
 * same few policies (on the example sets' fuzz runs, 300–600 keys came down to 50–130
 * distinct lists), and a pre-parse costs 1–2 ms whatever the slice's size — as much as a
 * dozen calls — so each list is pre-parsed once. Which list a key selects is remembered
 * (bounded by `8 × capacity` keys, forgotten all at once when full: the selection is
 * cheap to redo; only the pre-parse is not).
 */
export class SliceCache {
  private readonly slots = new Map<string, { entry: SliceEntry; used: number }>();
  private readonly listOfKey = new Map<string, string>();
  private next = 0;
  /** Recency by stamp: a hit only writes a number (no Map delete and re-insert per call). */
  private clock = 0;

  constructor(
    private readonly prefix: string,
    private readonly capacity: number,
    private readonly preparse: (slotId: string, ids: string[]) => void,
  ) {}

  /** The pre-parsed set holding `slice` (selected on a new key, pre-parsed on a new list only). */
  entryFor(slice: Slice): SliceEntry {
    let list = this.listOfKey.get(slice.key);
    let ids: string[] | undefined;
    if (list === undefined) {
      ids = slice.ids();
      list = ids.join(' ');
      if (this.listOfKey.size >= 8 * this.capacity) this.listOfKey.clear();
      this.listOfKey.set(slice.key, list);
    }
    const hit = this.slots.get(list);
    if (hit !== undefined) {
      hit.used = ++this.clock;
      return hit.entry;
    }
    let slot: string;
    if (this.slots.size >= this.capacity) {
      // The least recently used goes (a scan, on a miss only: a pre-parse costs far more).
      let oldest: [string, { entry: SliceEntry; used: number }] | undefined;
      for (const held of this.slots) if (!oldest || held[1].used < oldest[1].used) oldest = held;
      this.slots.delete(oldest![0]);
      slot = oldest![1].entry.id;
    } else slot = `${this.prefix}#${this.next++}`;
    ids ??= slice.ids();
    this.preparse(slot, ids);
    const entry = { id: slot, empty: ids.length === 0 };
    this.slots.set(list, { entry, used: ++this.clock });
    return entry;
  }
}
