/**
 * Builtin calls by name, over argument values (the evaluator has evaluated the arguments;
 * builtins.ts has the operators). `undefined`: not a builtin modelled here — the caller
 * then tries the package's functions, else reports the call as unencoded.
 */
import { int, not, or, TRUE, type Term } from '../term.ts';
import * as B from './builtins.ts';
import { json, jsonKey, type Val } from './values.ts';

export interface Alt {
  g: Term;
  v: Val;
}

export function callBuiltin(name: string, vs: readonly Val[], define: (name: string, g: Term) => Term): Alt[] | undefined {
  const [a, b, c] = vs as [Val, Val, Val];
  const val = (v: Val): Alt[] => [{ g: TRUE, v }];
  const bool = (t: Term): Alt[] => val(B.boolVal(t));
  switch (name) {
    case 'count':
      return val(B.count(a));
    case 'glob.match':
      return bool(B.globMatch(a, b, c));
    case 'net.cidr_contains':
      return bool(B.cidrContainsVal(a, b));
    case 'contains':
      return bool(B.containsVal(a, b));
    case 'startswith':
    case 'endswith':
      return bool(B.affixVal(name, a, b));
    case 'concat':
      return val(B.concatVal(a, b));
    case 'is_string':
    case 'is_number':
    case 'is_boolean':
    case 'is_array':
    case 'is_object':
    case 'is_set':
    case 'is_null':
      return val(json(B.regoType(a) === name.slice(3)));
    case 'object.get':
      return objectGet(a, b, c);
    case 'sort':
      // Only membership of the result is read (reasons, denied_by): a set stays a set.
      if (a.k === 'set') return val(a);
      if (a.k === 'json' && Array.isArray(a.v)) return val(json([...a.v].sort((x, y) => (jsonKey(x) < jsonKey(y) ? -1 : 1))));
      throw new B.Unmodelled(`sort of a ${a.k} value`);
    case 'graph.reachable':
      return val(B.reachable(a, b, (k, g) => define(`reach[${k}]`, g)));
    case 'numbers.range':
      return val(range(a, b));
    case 'substring':
      return val(substring(a, b, c));
    default:
      return undefined;
  }
}

/** `object.get(o, key, default)` on data: a symbolic key branches over o's keys, the default where none matches. */
function objectGet(o: Val, key: Val, dflt: Val): Alt[] {
  if (o.k !== 'json' || !o.v || typeof o.v !== 'object' || Array.isArray(o.v)) throw new B.Unmodelled(`object.get on a ${o.k} value`);
  const obj = o.v;
  if (key.k === 'json') return [{ g: TRUE, v: typeof key.v === 'string' && Object.prototype.hasOwnProperty.call(obj, key.v) ? json(obj[key.v]!) : dflt }];
  if (key.k !== 'sym' || key.sort !== 'String') throw new B.Unmodelled(`object.get with a ${key.k} key`);
  const hits = Object.entries(obj).map(([k, x]) => ({ g: B.compare('==', key, json(k), () => false), v: json(x) }));
  return [...hits, { g: not(or(...hits.map((h) => h.g))), v: dflt }];
}

function range(lo: Val, hi: Val): Val {
  const t = (v: Val): Term => {
    if (v.k === 'json' && typeof v.v === 'number' && Number.isInteger(v.v)) return int(v.v);
    if (v.k === 'sym' && v.sort === 'Int') return v.t;
    throw new B.Unmodelled(`numbers.range with a ${v.k} bound`);
  };
  if (lo.k === 'json' && hi.k === 'json' && typeof lo.v === 'number' && typeof hi.v === 'number') {
    const out: number[] = [];
    for (let i = lo.v; i <= hi.v; i++) out.push(i);
    return json(out);
  }
  return { k: 'range', lo: t(lo), hi: t(hi) };
}

/** substring(s, 0, n) for a deferred n is a deferred prefix of s (resolved by the key it is looked up with). */
function substring(s: Val, start: Val, len: Val): Val {
  if (s.k === 'json' && start.k === 'json' && len.k === 'json' && typeof s.v === 'string' && typeof start.v === 'number' && typeof len.v === 'number') {
    const cps = [...s.v];
    return json(cps.slice(start.v, len.v < 0 ? undefined : start.v + len.v).join(''));
  }
  if (s.k === 'sym' && s.sort === 'String' && start.k === 'json' && start.v === 0 && len.k === 'relem') return { k: 'prefix', of: s.t, n: len };
  throw new B.Unmodelled(`substring(${s.k}, ${start.k}, ${len.k})`);
}

