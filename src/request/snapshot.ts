/**
 * A request is data, read once. Before anything validates or evaluates a request, this
 * copies it into a fresh plain-JSON tree — each property read exactly once, within limits —
 * and everything after works on that copy. Without it a getter could answer one value to
 * the validator and another to the engine (the issue-17 attack: valid for the first reads,
 * then `"x"`, made the Rego engine allow what the plain request is denied).
 *
 * Accepted: `null`, booleans, finite numbers, strings, arrays with no holes and no extra
 * properties, and objects whose prototype is `Object.prototype` or `null`, with own,
 * enumerable, string-keyed data properties only. Rejected with a JSON pointer: accessors
 * (getters/setters, never invoked), Proxies, cycles, class instances and other prototypes,
 * symbols, functions, `undefined`, bigints, NaN/Infinity — and anything past the limits.
 * Keys such as `__proto__` are copied as own data properties (as `JSON.parse` makes them),
 * never as prototype assignments.
 */
import type { RequestIssue } from './validate.ts';

export interface RequestLimits {
  /** Size of the request's compact JSON text, in UTF-8 bytes. */
  maxBytes: number;
  /** Elements of any one array (groups, roles, set attributes). */
  maxArrayLength: number;
  /** Nesting of objects and arrays; the request object itself is depth 1. */
  maxDepth: number;
}

/**
 * Defaults: a real request is a few hundred bytes and four levels deep. Arrays: set
 * operations cost more than linearly in the engines (docs/security.md has the medians at
 * 16, 256 and 1,024 elements); 1,024 groups or set members keeps one decision within a
 * small multiple of a typical one. Raise them per deployment (`limits`, or
 * `--max-request-bytes` / `--max-array-length` / `--max-depth` on the CLI).
 */
export const DEFAULT_REQUEST_LIMITS: Readonly<RequestLimits> = Object.freeze({ maxBytes: 1_048_576, maxArrayLength: 1_024, maxDepth: 16 });

/** The deepest nesting a caller may allow (the copy recurses once per level). */
export const MAX_DEPTH_LIMIT = 1_000;

export type Snapshot = { ok: true; value: unknown; bytes: number } | { ok: false; issues: RequestIssue[] };

/** Limits from partial options, checked (a non-positive or fractional limit is a programming error). */
export function requestLimits(partial: Partial<RequestLimits> = {}): RequestLimits {
  const limits = { ...DEFAULT_REQUEST_LIMITS, ...stripUndefined(partial) };
  for (const [name, v] of Object.entries(limits)) {
    if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`request limit ${name} must be a positive integer, not ${String(v)}`);
  }
  if (limits.maxDepth > MAX_DEPTH_LIMIT) throw new RangeError(`request limit maxDepth may be at most ${MAX_DEPTH_LIMIT}`);
  return limits;
}

function stripUndefined(o: Partial<RequestLimits>): Partial<RequestLimits> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

class Reject {
  constructor(
    readonly pointer: string,
    readonly message: string,
  ) {}
}

/**
 * In Node, `util.types.isProxy` tells a Proxy apart (looked up at run time so that this
 * module has no `node:` import and loads in a browser). Elsewhere a Proxy cannot be
 * detected, but it still cannot cheat: its traps are called once and the copy is what
 * the engines see.
 */
const isProxy: (v: object) => boolean = (() => {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const util = proc?.getBuiltinModule?.('node:util') as { types?: { isProxy?: (v: unknown) => boolean } } | undefined;
  return util?.types?.isProxy ?? (() => false);
})();

/** Copies `input` into fresh plain JSON data, or says (with a JSON pointer) why it cannot. */
export function snapshotRequest(input: unknown, limits: RequestLimits = DEFAULT_REQUEST_LIMITS): Snapshot {
  const state = { bytes: 0, limits, ancestors: new Set<object>() };
  try {
    const value = copy(input, '', 1, state);
    return { ok: true, value, bytes: state.bytes };
  } catch (err) {
    if (err instanceof Reject) return { ok: false, issues: [{ pointer: err.pointer, message: err.message }] };
    // A Proxy trap or a revoked Proxy that throws: the request is not data.
    return { ok: false, issues: [{ pointer: '', message: `is not plain JSON data (reading it threw: ${describeThrown(err)})` }] };
  }
}

interface State {
  bytes: number;
  limits: RequestLimits;
  ancestors: Set<object>;
}

function add(state: State, n: number, pointer: string): void {
  state.bytes += n;
  if (state.bytes > state.limits.maxBytes) throw new Reject(pointer, `the request exceeds ${state.limits.maxBytes} bytes of JSON (request limit maxBytes)`);
}

function copy(v: unknown, pointer: string, depth: number, state: State): unknown {
  switch (typeof v) {
    case 'string':
      // UTF-8 bytes ≥ UTF-16 code units: reject a huge string before measuring it.
      add(state, v.length + 2, pointer);
      add(state, jsonUtf8Length(v) - v.length - 2, pointer);
      return v;
    case 'number':
      if (!Number.isFinite(v)) throw new Reject(pointer, `${String(v)} is not a JSON number`);
      add(state, String(v).length, pointer);
      return Object.is(v, -0) ? 0 : v;
    case 'boolean':
      add(state, v ? 4 : 5, pointer);
      return v;
    case 'object':
      if (v === null) {
        add(state, 4, pointer);
        return null;
      }
      return copyObject(v, pointer, depth, state);
    default:
      throw new Reject(pointer, `a ${typeof v} is not JSON data`);
  }
}

function copyObject(v: object, pointer: string, depth: number, state: State): unknown {
  if (depth > state.limits.maxDepth) throw new Reject(pointer, `nesting deeper than ${state.limits.maxDepth} levels (request limit maxDepth)`);
  if (isProxy(v)) throw new Reject(pointer, 'is a Proxy: requests must be plain JSON data');
  if (state.ancestors.has(v)) throw new Reject(pointer, 'is a cycle (an object that contains itself)');
  const proto = Object.getPrototypeOf(v) as unknown;
  const array = Array.isArray(v);
  if (array ? proto !== Array.prototype : proto !== Object.prototype && proto !== null) {
    const name = (v as { constructor?: { name?: unknown } }).constructor;
    throw new Reject(pointer, `is not a plain ${array ? 'array' : 'object'}${typeof name === 'function' && typeof name.name === 'string' ? ` (a ${name.name})` : ''}`);
  }
  const keys = Reflect.ownKeys(v);
  if (array) {
    const length = (v as unknown[]).length;
    if (length > state.limits.maxArrayLength) throw new Reject(pointer, `has ${length} elements, more than ${state.limits.maxArrayLength} (request limit maxArrayLength)`);
    if (keys.length !== length + 1) throw new Reject(pointer, 'is a sparse array or has properties besides its elements');
  }
  state.ancestors.add(v);
  const descriptors = Object.getOwnPropertyDescriptors(v);
  add(state, 2, pointer);
  const out: Record<string, unknown> | unknown[] = array ? [] : {};
  let i = 0;
  for (const key of keys) {
    if (typeof key === 'symbol') throw new Reject(pointer, `has a symbol-keyed property ${String(key)}`);
    if (array && key === 'length') continue;
    const child = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (array && key !== String(i)) throw new Reject(pointer, 'is a sparse array or has properties besides its elements');
    const d = descriptors[key];
    if (!d) throw new Reject(child, 'disappeared while being read (a Proxy or an exotic object)');
    if (d.get || d.set || !('value' in d)) throw new Reject(child, 'is an accessor (getter/setter): requests must be plain JSON data');
    if (!d.enumerable) throw new Reject(child, 'is a non-enumerable property');
    if (i > 0) add(state, 1, pointer);
    if (array) {
      (out as unknown[]).push(copy(d.value, child, depth + 1, state));
    } else {
      add(state, jsonUtf8Length(key) + 1, child);
      // defineProperty: a key named "__proto__" stays an own data property, as JSON.parse makes it.
      Object.defineProperty(out, key, { value: copy(d.value, child, depth + 1, state), enumerable: true, writable: true, configurable: true });
    }
    i++;
  }
  state.ancestors.delete(v);
  return out;
}

/** UTF-8 length of `JSON.stringify(s)` (escapes included). */
function jsonUtf8Length(s: string): number {
  const json = JSON.stringify(s);
  let n = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < json.length) {
      n += 4; // a surrogate pair (JSON.stringify escapes lone surrogates as ASCII)
      i++;
    } else n += 3;
  }
  return n;
}

function describeThrown(err: unknown): string {
  try {
    return err instanceof Error ? err.message : String(err);
  } catch {
    return 'an unprintable value';
  }
}
