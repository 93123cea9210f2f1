/**
 * Request validation against a policy set's request schema (ajv, compiled once per
 * schema). Problems come back as JSON pointers into the request with one-line messages:
 * `/principal/attributes/clearance: must be integer`.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Request } from './types.ts';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

export interface RequestIssue {
  /** JSON Pointer inside the request ('' = the request itself). */
  pointer: string;
  message: string;
}

export type RequestValidator = (request: unknown) => RequestIssue[];

/**
 * Compiled validators by schema content: ajv compiles each schema to new JavaScript
 * (fresh code for V8 to parse and optimise), so loading the same bundle again — many
 * authorizers, a reload — reuses the first compile. Bounded, least recently used out.
 */
const compiled = new Map<string, ValidateFunction>();
const VALIDATOR_CACHE_SIZE = 16;

/** A validator for one request schema (compiled on first use, then cached). */
export function requestValidator(schema: object): RequestValidator {
  const key = JSON.stringify(schema);
  let check = compiled.get(key);
  if (check) compiled.delete(key);
  else {
    const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
    addFormats(ajv);
    check = ajv.compile(schema);
  }
  compiled.set(key, check);
  if (compiled.size > VALIDATOR_CACHE_SIZE) compiled.delete(compiled.keys().next().value!);
  const validate = check;
  return (request) => {
    const found = validate(request) ? [] : issues(validate.errors ?? []);
    // Pointers are built only when there is something to report: this runs on every request.
    if (!hasDataProblem(request)) return found;
    // ajv finds most duplicates itself: report each array once.
    const dupAt = new Set(found.filter((i) => i.message.startsWith(DUPLICATES)).map((i) => i.pointer));
    return [...found, ...dataProblems(request, '').filter((i) => !(i.message.startsWith(DUPLICATES) && dupAt.has(i.pointer)))];
  };
}

/**
 * What JSON Schema cannot say, checked by one walk. Lone UTF-16 surrogates (valid JSON,
 * `"\ud800"`, but no Unicode text): Cedar's strings cannot hold one and its engine fails,
 * so such a request is invalid rather than decided by one engine only. Duplicates in an
 * array (every request array is a set): ajv's `uniqueItems` lets `["__proto__",
 * "__proto__"]` through (it keys a plain object by item), so sets are checked here too.
 */
function hasDataProblem(v: unknown): boolean {
  if (typeof v === 'string') return LONE_SURROGATE.test(v);
  if (Array.isArray(v)) return hasDuplicate(v) || v.some(hasDataProblem);
  if (v && typeof v === 'object') {
    // for…in over own keys, not Object.values: no array per object of every request.
    for (const k in v) if (Object.hasOwn(v, k) && hasDataProblem((v as Record<string, unknown>)[k])) return true;
  }
  return false;
}

const LONE_SURROGATE = /\p{Cs}/u;
const DUPLICATES = 'must NOT have duplicate items';

function hasDuplicate(items: unknown[]): boolean {
  if (items.length < 2) return false;
  if (items.length <= 8) {
    // A request's sets hold a few items: compared pairwise, no Set built.
    for (let i = 1; i < items.length; i++) {
      const x = items[i];
      if (typeof x !== 'string' && typeof x !== 'number') continue;
      // SameValueZero, as a Set compares: NaN equals NaN.
      for (let j = 0; j < i; j++) if (items[j] === x || (x !== x && items[j] !== items[j])) return true;
    }
    return false;
  }
  const seen = new Set<unknown>();
  for (const x of items) {
    if (typeof x !== 'string' && typeof x !== 'number') continue; // object items fail the schema anyway
    if (seen.has(x)) return true;
    seen.add(x);
  }
  return false;
}

function dataProblems(v: unknown, pointer: string): RequestIssue[] {
  if (typeof v === 'string') return LONE_SURROGATE.test(v) ? [{ pointer, message: 'is not well-formed Unicode (lone surrogate)' }] : [];
  if (Array.isArray(v)) {
    const dup = hasDuplicate(v) ? [{ pointer, message: `${DUPLICATES} (it is a set)` }] : [];
    return [...dup, ...v.flatMap((x, i) => dataProblems(x, `${pointer}/${i}`))];
  }
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => dataProblems(x, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  return [];
}

function issues(errors: ErrorObject[]): RequestIssue[] {
  const out: RequestIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // `if` failures only say "must match then schema": the `then` error beside it is the real one.
    if (e.keyword === 'if') continue;
    // anyOf over the IP formats: report one message instead of each alternative.
    if (e.keyword === 'format' && errors.some((x) => x.keyword === 'anyOf' && x.instancePath === e.instancePath)) continue;
    // …and when the value is a valid IPv6 address of a rejected spelling, say that instead
    // (the `not` also trips on malformed values containing a dot: ignore it then).
    const ipv6Failed = errors.some((x) => x.keyword === 'format' && x.instancePath === e.instancePath && (x.params as { format?: string }).format === 'ipv6');
    if (e.keyword === 'not' && ipv6Failed) continue;
    if (e.keyword === 'anyOf' && !ipv6Failed && errors.some((x) => x.keyword === 'not' && x.instancePath === e.instancePath)) continue;
    const issue = { pointer: pointerOf(e), message: messageOf(e) };
    const key = `${issue.pointer}\0${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue);
  }
  return out;
}

function pointerOf(e: ErrorObject): string {
  if (e.keyword === 'required') return `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`;
  if (e.keyword === 'additionalProperties') return `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}`;
  return e.instancePath;
}

function messageOf(e: ErrorObject): string {
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not allowed here';
    case 'false schema':
      return 'is not allowed for this resource type';
    case 'anyOf':
      return 'must be an IPv4 or IPv6 address';
    case 'not':
      return 'IPv4-mapped (::ffff:…) and dotted IPv6 addresses are not accepted (Cedar and OPA read them differently): give the IPv4 address';
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      return allowed.length <= 12 ? `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}` : `${e.message ?? 'invalid'} (${allowed.length} values)`;
    }
    default:
      return e.message ?? 'is invalid';
  }
}

/** `/path: message` lines, as the CLI prints them. */
export function formatIssues(issues: RequestIssue[]): string {
  return issues.map((i) => `${i.pointer || '/'}: ${i.message}`).join('\n');
}

/** Narrows a validated value. */
export function isValidRequest(validate: RequestValidator, request: unknown): request is Request {
  return validate(request).length === 0;
}
