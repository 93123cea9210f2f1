/**
 * The hostile-input corpus, generated from one valid request of the observability policy
 * set (denied: its document is above the reader's clearance), so that every input is the
 * valid request with one hostile change: `__proto__`/`constructor`/`prototype` keys at
 * every object level, a 10 MB string in every string field, 100,000 elements in every
 * array, 1,000-deep nesting at every object level, integers beyond 2^53 and other
 * non-exact numbers in every field, lone surrogates in every string and key, a wrong type
 * in every field, every required field removed, and non-data objects (getters, Proxies,
 * cycles, class instances) at every level.
 */

export interface HostileInput {
  /** What was done, and where. */
  name: string;
  /** Built lazily: some inputs are large. */
  make: () => unknown;
}

export const BASE_REQUEST = {
  principal: { type: 'user', id: 'jane', attributes: { department: 'sales', clearance: 2, security_attributes: ['a'] } },
  action: 'read',
  resource: { type: 'document', index: 'logs-2026.11', attributes: { department: 'sales', classification: 5, security_attributes: ['a'] } },
  context: { mfa: true, source_ip: '10.1.2.3' },
};

type Path = (string | number)[];
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Every path in the base request, with its value. */
function paths(v: unknown, at: Path = []): { path: Path; value: unknown }[] {
  const here = [{ path: at, value: v }];
  if (Array.isArray(v)) return [...here, ...v.flatMap((x, i) => paths(x, [...at, i]))];
  if (v && typeof v === 'object') return [...here, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))];
  return here;
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  let parent = root as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
  Object.defineProperty(parent, path[path.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
  return root;
}

function removeAt(root: unknown, path: Path): unknown {
  let parent = root as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
  delete parent[path[path.length - 1]!];
  return root;
}

const show = (p: Path) => `/${p.join('/')}`;
const all = paths(BASE_REQUEST);
const objects = all.filter((p) => p.value !== null && typeof p.value === 'object' && !Array.isArray(p.value));
const arrays = all.filter((p) => Array.isArray(p.value));
const strings = all.filter((p) => typeof p.value === 'string');
const leaves = all.filter((p) => p.path.length > 0 && (typeof p.value !== 'object' || Array.isArray(p.value)));

/** JSON text with `key: value` added to the object at `path` (so `__proto__` is an own key, as JSON.parse makes it). */
function withKeyJson(path: Path, key: string, value: unknown): unknown {
  const marker = '"__hostile_marker__":0';
  const base = clone(BASE_REQUEST) as unknown;
  setAt(base, [...path, '__hostile_marker__'], 0);
  return JSON.parse(JSON.stringify(base).replace(marker, `${JSON.stringify(key)}:${JSON.stringify(value)}`));
}

function nested(depth: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { n: v };
  return v;
}

export function requestCorpus(): HostileInput[] {
  const out: HostileInput[] = [];
  const prototypeKeys = ['__proto__', 'constructor', 'prototype'];
  const payloads: unknown[] = [{ polluted: true }, { isAdmin: true, toString: 'x' }, 'x', 1, null, [], { prototype: { polluted: true } }];
  for (const o of objects) {
    for (const key of prototypeKeys) {
      payloads.forEach((p, i) => out.push({ name: `${key} key (payload ${i}) in ${show(o.path)}`, make: () => withKeyJson(o.path, key, p) }));
    }
  }
  for (const a of arrays) {
    for (const key of prototypeKeys) out.push({ name: `["${key}","${key}"] as ${show(a.path)}`, make: () => setAt(clone(BASE_REQUEST), a.path, [key, key]) });
    out.push({ name: `100,000 elements in ${show(a.path)}`, make: () => setAt(clone(BASE_REQUEST), a.path, Array.from({ length: 100_000 }, (_, i) => `v${i}`)) });
    out.push({ name: `100,000 equal elements in ${show(a.path)}`, make: () => setAt(clone(BASE_REQUEST), a.path, new Array(100_000).fill('a')) });
  }
  const tenMb = 'a'.repeat(10 * 1024 * 1024);
  for (const s of strings) out.push({ name: `10 MB string in ${show(s.path)}`, make: () => setAt(clone(BASE_REQUEST), s.path, tenMb) });
  for (const o of objects) {
    out.push({ name: `1,000-deep nesting in ${show(o.path)}`, make: () => setAt(clone(BASE_REQUEST), [...o.path, 'deep'], nested(1_000)) });
    out.push({ name: `1,000-deep nesting replacing ${show(o.path)}`, make: () => setAt(clone(BASE_REQUEST), o.path, nested(1_000)) });
  }
  const numbers = [2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 64, 1e308, 1.5, -0.5, Number.MAX_VALUE, Number.MIN_VALUE];
  for (const l of leaves) {
    for (const n of numbers) out.push({ name: `number ${n} in ${show(l.path)}`, make: () => setAt(clone(BASE_REQUEST), l.path, n) });
  }
  const lone = ['\ud800', 'a\udfff', '\udbff\udbff', 'x\ud83d'];
  for (const s of strings) {
    for (const ls of lone) out.push({ name: `lone surrogate ${JSON.stringify(ls)} in ${show(s.path)}`, make: () => setAt(clone(BASE_REQUEST), s.path, ls) });
  }
  for (const o of objects) out.push({ name: `lone-surrogate key in ${show(o.path)}`, make: () => withKeyJson(o.path, 'k\ud800', 'v') });
  const wrongTypes: [string, unknown][] = [['string', 'x'], ['integer', 7], ['boolean', true], ['null', null], ['array', ['x']], ['object', { a: 'x' }], ['empty string', '']];
  for (const l of leaves) {
    for (const [kind, v] of wrongTypes) {
      if (sameKind(l.value, v)) continue;
      out.push({ name: `${kind} in ${show(l.path)}`, make: () => setAt(clone(BASE_REQUEST), l.path, v) });
    }
  }
  for (const o of objects.filter((x) => x.path.length > 0)) {
    for (const [kind, v] of wrongTypes) out.push({ name: `${kind} replacing ${show(o.path)}`, make: () => setAt(clone(BASE_REQUEST), o.path, v) });
  }
  for (const [kind, v] of wrongTypes) out.push({ name: `${kind} as the whole request`, make: () => v });
  for (const l of all.filter((p) => p.path.length > 0 && typeof p.path[p.path.length - 1] === 'string')) {
    out.push({ name: `${show(l.path)} removed`, make: () => removeAt(clone(BASE_REQUEST), l.path) });
  }
  for (const o of objects) {
    out.push({
      name: `getter (valid first, then "x") in ${show(o.path)}`,
      make: () => {
        const r = clone(BASE_REQUEST);
        let reads = 0;
        const target = o.path.reduce<Record<string | number, unknown>>((acc, seg) => acc[seg] as Record<string | number, unknown>, r as unknown as Record<string, unknown>);
        const [k, v] = Object.entries(target)[0]!;
        Object.defineProperty(target, k, { enumerable: true, configurable: true, get: () => (reads++ < 2 ? v : 'x') });
        return r;
      },
    });
    out.push({ name: `Proxy at ${show(o.path)}`, make: () => setAt(clone(BASE_REQUEST), o.path, new Proxy(clone(o.value as object), {})) });
    out.push({
      name: `cycle at ${show(o.path)}`,
      make: () => {
        const r = clone(BASE_REQUEST) as unknown as Record<string, unknown>;
        const target = o.path.reduce<Record<string | number, unknown>>((acc, seg) => acc[seg] as Record<string | number, unknown>, r);
        target.self = r;
        return r;
      },
    });
    out.push({ name: `class instance at ${show(o.path)}`, make: () => setAt(clone(BASE_REQUEST), o.path, Object.assign(new (class Evil {})(), clone(o.value as object))) });
    out.push({ name: `polluting prototype object at ${show(o.path)}`, make: () => setAt(clone(BASE_REQUEST), o.path, Object.assign(Object.create({ isAdmin: true }), clone(o.value as object))) });
  }
  return out;
}

function sameKind(a: unknown, b: unknown): boolean {
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'string' && v === '' ? 'empty' : typeof v);
  return kind(a) === kind(b);
}

/** Hostile fixture files (YAML text): prototype keys at every level, anchors/aliases, huge and deep values. */
export function fixtureCorpus(): { name: string; text: string }[] {
  const req = JSON.stringify(BASE_REQUEST);
  const fixture = (cases: string) => `policies: ../policies/observability\ncases:\n${cases}`;
  const kase = (request: string, extra = '') => `  - name: c\n    request: ${request}\n    expect: deny\n${extra}`;
  const out: { name: string; text: string }[] = [];
  for (const key of ['__proto__', 'constructor', 'prototype']) {
    out.push({ name: `${key} at the fixture's top level`, text: `${key}: { polluted: true }\n${fixture(kase(req))}` });
    out.push({ name: `${key} in a case`, text: fixture(kase(req, `    ${key}: { polluted: true }\n`)) });
    for (const level of ['', 'principal', 'principal.attributes', 'resource', 'resource.attributes', 'context']) {
      const r = clone(BASE_REQUEST) as unknown as Record<string, unknown>;
      const target = level ? level.split('.').reduce<Record<string, unknown>>((a, k) => a[k] as Record<string, unknown>, r) : r;
      target.__hostile__ = 0;
      out.push({ name: `${key} in request${level ? `.${level}` : ''}`, text: fixture(kase(JSON.stringify(r).replace('"__hostile__":0', `${JSON.stringify(key)}:{"polluted":true}`))) });
    }
  }
  out.push({ name: 'alias bomb', text: `a: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n${fixture(kase(req))}` });
  out.push({ name: '1,000-deep request', text: fixture(kase(`${'['.repeat(1000)}${']'.repeat(1000)}`)) });
  out.push({ name: 'integer beyond 2^53', text: fixture(kase(req.replace('"clearance":2', '"clearance":9007199254740993'))) });
  out.push({ name: 'lone surrogate escape', text: fixture(kase(req.replace('"jane"', '"ja\\ud800ne"'))) });
  out.push({ name: '100,000-element set', text: fixture(kase(req.replace('"security_attributes":["a"]', `"security_attributes":${JSON.stringify(Array.from({ length: 100_000 }, (_, i) => `v${i}`))}`))) });
  out.push({ name: 'wrong expect', text: fixture(kase(req).replace('expect: deny', 'expect: { __proto__: allow }')) });
  return out;
}
