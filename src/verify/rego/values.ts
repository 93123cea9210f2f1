/**
 * The values of the symbolic Rego evaluator (evaluate.ts). data.json is concrete and
 * `input` is the symbolic request, so a value is either plain JSON, or a term over the
 * request, or a collection whose elements are concrete but whose membership depends on
 * the request (a partial set such as `held_roles`), or a "deferred" value: a variable
 * bound by `some x in S` over a symbolic collection S, resolved to each concrete key of
 * the data it is later looked up in (and so made concrete again).
 */
import { termKey, type Sort, type Term } from '../term.ts';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** One element (of a set) or entry (of an object) and the condition it is there under. */
export interface Item {
  v: Val;
  g: Term;
}

export type Val =
  /** Concrete JSON: data, literals, and input values the request fixes (after branching). */
  | { k: 'json'; v: Json }
  /** A set of concrete elements, each present under its guard (keyed by valKey). */
  | { k: 'set'; items: Map<string, Item> }
  /** An object with concrete keys, each present under its guard. */
  | { k: 'obj'; entries: Map<string, Item> }
  /** A term over the request. Set sorts stand for input arrays (`array`) or Rego sets. */
  | { k: 'sym'; t: Term; sort: Sort; array?: boolean }
  /** A set term present only under `g` (absent: the empty set) — a comprehension over an optional input array. */
  | { k: 'gsym'; t: Term; sort: Sort; g: Term }
  /** An input object (principal, resource, attributes, context), read by path (input.ts). */
  | { k: 'input'; path: string[] }
  /** `some x in S` for a symbolic S: an element of S bound to the local `name`. */
  | { k: 'elem'; of: Term; sort: Sort; name: string }
  /** `some n in numbers.range(lo, hi)` with a symbolic bound: an Int bound to `name`. */
  | { k: 'relem'; lo: Term; hi: Term; name: string }
  /** numbers.range(lo, hi) with a symbolic bound (a collection to iterate). */
  | { k: 'range'; lo: Term; hi: Term }
  /** substring(of, 0, n) for a deferred n: a prefix of `of`. */
  | { k: 'prefix'; of: Term; n: Val & { k: 'relem' } }
  /** count(x) of a collection whose size the request decides: compared with constants only. */
  | { k: 'count'; of: Val }
  /** A set expression over symbolic sets (`A & B`, `A - B`): its emptiness only is read. */
  | { k: 'setop'; op: '&' | '-'; left: Val; right: Val }
  /** An array literal with symbolic items (e.g. the arguments of `concat`). */
  | { k: 'tuple'; items: Val[] }
  /** A one-address CIDR range built from an IpAddr value (`as_cidr`). */
  | { k: 'cidr'; ip: Term };

export const json = (v: Json): Val => ({ k: 'json', v });
export const JTRUE: Val = json(true);

/** A structural key (memo and grouping of equal values). */
export function valKey(v: Val): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x === 'bigint') return `${x}n`;
    if (x instanceof Map) return [...x.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return x;
  });
}

/** Rego's key of a concrete element (sets are keyed by their JSON). */
export function jsonKey(v: Json): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
}

export function isDeferred(v: Val): boolean {
  return v.k === 'elem' || v.k === 'relem' || v.k === 'prefix';
}

export { termKey };
