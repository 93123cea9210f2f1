/**
 * `coll[key]` over symbolic values: a constant key into data is a direct lookup; a
 * symbolic key (`data.rolec.denies.index[input.action]`) branches over the collection's
 * concrete keys k under `key = k`; a deferred key — an element of a symbolic input array
 * (`data.rolec.group_roles[group]` for `some group in input.principal.groups`), or a
 * prefix `substring(name, 0, n)` for `some n in numbers.range(0, count(name))` — branches
 * the same way, under `k ∈ S` / `name like "k*"`, and binds the deferred variable to k.
 * Anything else throws {@link Unmodelled}.
 */
import { and, int, str, termKey, TRUE, type Term } from '../term.ts';
import { compare, Unmodelled } from './builtins.ts';
import type { Alt } from './input.ts';
import { isDeferred, json, jsonKey, type Json, type Val } from './values.ts';

export type Env = ReadonlyMap<string, Val>;

export interface Res {
  g: Term;
  v: Val;
  env: Env;
}

export function indexValue(coll: Val, key: Val, env: Env, negated: boolean, readInput: (path: string[]) => Alt[]): Res[] {
  if (coll.k === 'json' && key.k === 'json') {
    const c = coll.v;
    const hit = Array.isArray(c)
      ? typeof key.v === 'number'
        ? c[key.v]
        : undefined
      : c && typeof c === 'object' && typeof key.v === 'string' && Object.prototype.hasOwnProperty.call(c, key.v)
        ? c[key.v]
        : undefined;
    return hit === undefined ? [] : [{ g: TRUE, v: json(hit), env }];
  }
  if (coll.k === 'set' && key.k === 'json') {
    const i = coll.items.get(jsonKey(key.v));
    return i ? [{ g: i.g, v: i.v, env }] : [];
  }
  if (coll.k === 'input') {
    if (key.k === 'json' && typeof key.v === 'string') return readInput([...coll.path, key.v]).map((a) => ({ ...a, env }));
    throw new Unmodelled(`input indexed by a ${key.k} key`);
  }
  const entries: [Json, Val, Term][] =
    coll.k === 'json' && Array.isArray(coll.v)
      ? coll.v.map((x, i) => [i, json(x), TRUE])
      : coll.k === 'json' && coll.v && typeof coll.v === 'object'
        ? Object.entries(coll.v).map(([k, x]) => [k, json(x), TRUE])
        : coll.k === 'json'
          ? []
          : coll.k === 'obj'
            ? [...coll.entries].map(([k, i]) => [JSON.parse(k) as Json, i.v, i.g])
            : coll.k === 'set'
              ? [...coll.items.values()].map((i) => [(i.v as { v: Json }).v, i.v, i.g])
              : unmodelled(`indexing a ${coll.k} value`);
  if (key.k === 'json') return entries.filter(([k]) => jsonKey(k) === jsonKey(key.v)).map(([, v, g]) => ({ g, v, env }));
  if (isDeferred(key) && negated) throw new Unmodelled('a deferred element resolved under not');
  const out: Res[] = [];
  for (const [k, v, g] of entries) {
    const hit = keyMatch(key, k, env);
    if (hit) out.push({ g: and(g, hit.g), v, env: hit.env });
  }
  return out;
}

function unmodelled(what: string): never {
  throw new Unmodelled(what);
}

/** When a symbolic or deferred key equals the concrete key k (a deferred one is then bound to k). */
function keyMatch(key: Val, k: Json, env: Env): { g: Term; env: Env } | undefined {
  const rebind = (name: string, x: Json) => new Map(env).set(name, json(x));
  switch (key.k) {
    case 'sym':
      return { g: compare('==', key, json(k), () => false), env };
    case 'elem': {
      const elem = key.sort === 'StrSet' ? (typeof k === 'string' ? str(k) : undefined) : typeof k === 'number' && Number.isInteger(k) ? int(k) : undefined;
      return elem ? { g: { op: 'member', elem, set: key.of }, env: rebind(key.name, k) } : undefined;
    }
    case 'relem':
      if (typeof k !== 'number' || !Number.isInteger(k)) return undefined;
      return { g: and({ op: 'le', left: key.lo, right: int(k) }, { op: 'le', left: int(k), right: key.hi }), env: rebind(key.name, k) };
    case 'prefix': {
      if (typeof k !== 'string') return undefined;
      if (k.includes('*')) throw new Unmodelled(`a prefix key containing "*" (${JSON.stringify(k)})`);
      // substring(s, 0, n) for n in 0..count(s) is each prefix of s once: it equals k
      // iff s starts with k (then n = |k|). Other bounds would need substring's clamping.
      const whole = key.n.lo.op === 'int' && key.n.lo.value === 0n && termKey(key.n.hi) === termKey({ op: 'strlen', arg: key.of });
      if (!whole) throw new Unmodelled('substring over a range other than 0..count(s)');
      return { g: { op: 'like', arg: key.of, pattern: `${k}*` }, env: rebind(key.n.name, [...k].length) };
    }
    default:
      throw new Unmodelled(`a key of kind ${key.k}`);
  }
}
