/**
 * Invalid harness input (fixture files, requests, policy paths): never a crash, never a
 * decision — a list of these, each naming the file and the JSON path (and, when the file
 * is YAML/JSON text we parsed, the line and column of that path).
 *
 * Codes are stable:
 *   H0001 fixture file unreadable or not YAML/JSON
 *   H0002 fixture file does not match fixture.schema.json
 *   H0003 a case's request does not match the policy set's request schema
 *   H0004 duplicate case name in one fixture file
 *   H0005 a path (fixture, or `policies`) does not exist / holds no fixture files
 *   H0006 the policy set does not compile (its diagnostics follow)
 */
export interface HarnessInputError {
  code: string;
  file: string;
  /** JSON path inside the file, e.g. `$.cases[2].request.principal.id` ('' when none). */
  path: string;
  line?: number;
  col?: number;
  message: string;
}

export function formatInputError(e: HarnessInputError): string {
  const where = e.line !== undefined ? `${e.file}:${e.line}:${e.col ?? 1}` : e.file;
  const path = e.path ? ` at ${e.path}` : '';
  return `${where}: error ${e.code}${path}: ${e.message}`;
}

/** `$.a[0].b` from segments ['a', 0, 'b']; keys that are not identifiers are quoted. */
export function jsonPath(segments: readonly (string | number)[]): string {
  let out = '$';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Parses an ajv `instancePath` (JSON Pointer, `/cases/2/request`) into segments. */
export function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}
