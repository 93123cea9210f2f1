/** An import diagnostic: a stable code, where in the input, and why. */
import { IMPORT_CODES } from './codes.ts';

export interface ImportDiagnostic {
  code: string;
  severity: 'error' | 'warning';
  file: string;
  /** `role NAME` or `mapping NAME` when the problem is inside one. */
  subject?: string;
  /** The index entry (`indices[2]`) when inside one. */
  entry?: string;
  /** JSON path into the file (`$.my_role.indices[0].query.bool.must[1]`). */
  path: string;
  message: string;
}

export function formatImportDiagnostic(d: ImportDiagnostic): string {
  const where = [d.subject, d.entry].filter(Boolean).join(', ');
  return `${d.file}: ${d.severity} ${d.code}: ${where ? `${where}: ` : ''}${d.message} (at ${d.path})`;
}

export function jsonPathOf(base: string, ...segments: (string | number)[]): string {
  let p = base;
  for (const s of segments) p += typeof s === 'number' ? `[${s}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
  return p;
}

/** Collects diagnostics for one subject (role or mapping) at a base path. */
export class Sink {
  readonly diagnostics: ImportDiagnostic[] = [];
  constructor(
    readonly file: string,
    readonly subject?: string,
  ) {}
  report(code: string, path: string, message: string, entry?: string): void {
    const severity = IMPORT_CODES[code]?.severity ?? 'error';
    this.diagnostics.push({ code, severity, file: this.file, ...(this.subject ? { subject: this.subject } : {}), ...(entry ? { entry } : {}), path, message });
  }
  get failed(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }
}
