/**
 * Rendering diagnostics for people and tools:
 *  - text: `file:line:col: error[E0123]: message`, the source line and a caret under the
 *    span (`^~~~`); ANSI colours only when asked (see {@link shouldColor});
 *  - json: the array of diagnostics as they are (stable field order);
 *  - sarif: a minimal valid SARIF 2.1.0 log with one rule per code used.
 */
import type { Diagnostic } from '../diagnostics/types.ts';
import { allCodes } from './codes.ts';

export type DiagnosticFormat = 'text' | 'json' | 'sarif';
export const FORMATS: readonly DiagnosticFormat[] = ['text', 'json', 'sarif'];

/** Source text by file path (as it appears in spans), for excerpts. */
export type SourceLookup = (file: string) => string | undefined;

/** Colours only on a TTY, and never when NO_COLOR is set (https://no-color.org). */
export function shouldColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined> = process.env): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

const ansi = (code: string) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
const PALETTE = { red: ansi('1;31'), yellow: ansi('1;33'), blue: ansi('1;34'), bold: ansi('1') };
const PLAIN = { red: (s: string) => s, yellow: (s: string) => s, blue: (s: string) => s, bold: (s: string) => s };

export function renderText(ds: readonly Diagnostic[], sources: SourceLookup, opts: { color: boolean }): string {
  const c = opts.color ? PALETTE : PLAIN;
  const lineCache = new Map<string, string[] | undefined>();
  const linesOf = (file: string) => {
    if (!lineCache.has(file)) lineCache.set(file, sources(file)?.split(/\r\n|\n|\r/));
    return lineCache.get(file);
  };
  return ds
    .map((d) => {
      const { file, start, end } = d.span;
      const sev = d.severity === 'error' ? c.red(`error[${d.code}]`) : c.yellow(`warning[${d.code}]`);
      const head = `${c.bold(`${file}:${start.line}:${start.col}`)}: ${sev}: ${c.bold(d.message)}`;
      const line = linesOf(file)?.[start.line - 1];
      if (line === undefined) return head;
      const gutter = String(start.line);
      const pad = ' '.repeat(gutter.length);
      // Width of the caret run: to the span's end on this line, at least one character.
      const last = end.line === start.line ? end.col : line.length + 1;
      const width = Math.max(1, last - start.col);
      // Keep tabs so that the caret lines up under the same characters.
      const lead = line.slice(0, start.col - 1).replace(/[^\t]/g, ' ');
      const mark = (d.severity === 'error' ? c.red : c.yellow)(`^${'~'.repeat(width - 1)}`);
      return `${head}\n${c.blue(`${gutter} |`)} ${line}\n${c.blue(`${pad} |`)} ${lead}${mark}`;
    })
    .join('\n');
}

/** `checked 3 files: 0 errors, 1 warning` */
export function summaryLine(files: number, ds: readonly Diagnostic[]): string {
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.length - errors;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `checked ${plural(files, 'file')}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

export function renderJson(ds: readonly Diagnostic[]): string {
  return JSON.stringify(
    ds.map((d) => ({ code: d.code, severity: d.severity, message: d.message, span: d.span })),
    null,
    2,
  );
}

/** A minimal valid SARIF 2.1.0 log (one run, tool `rolec`, rules = the codes used). */
export function renderSarif(ds: readonly Diagnostic[], toolVersion: string): string {
  const titles = new Map(allCodes().map((c) => [c.code, c.title]));
  const used = [...new Set(ds.map((d) => d.code))].sort();
  const ruleIndex = new Map(used.map((code, i) => [code, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'rolec',
            version: toolVersion,
            rules: used.map((code) => ({
              id: code,
              shortDescription: { text: titles.get(code) ?? code },
              defaultConfiguration: { level: code.startsWith('W') ? 'warning' : 'error' },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: ds.map((d) => ({
          ruleId: d.code,
          ruleIndex: ruleIndex.get(d.code)!,
          level: d.severity,
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUri(d.span.file) },
                region: {
                  startLine: d.span.start.line,
                  startColumn: d.span.start.col,
                  endLine: Math.max(d.span.end.line, d.span.start.line),
                  endColumn: d.span.end.line > d.span.start.line ? d.span.end.col : Math.max(d.span.end.col, d.span.start.col + 1),
                },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

/** A relative URI reference for a path (forward slashes, percent-encoded segments). */
function toUri(file: string): string {
  return file
    .split(/[\\/]/)
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}
