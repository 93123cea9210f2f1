/**
 * Checking sources as one policy set, in memory: parse every file, analyse them together,
 * and return all diagnostics (sorted) with the IR when there is no error. No file system:
 * this runs in a browser as in Node (./index.ts adds reading policy sets from disk).
 */
import type { Diagnostic } from '../diagnostics/types.ts';
import type { PolicySetIR } from './ir.ts';
import { parseRoleFile } from '../syntax/index.ts';
import { analyse, sortDiagnostics, type ParsedUnit } from './analyse.ts';
import { appendAll } from '../support/arrays.ts';

export interface CheckResult {
  ir?: PolicySetIR;
  diagnostics: Diagnostic[];
}

/**
 * Checks in-memory sources as one policy set. `path` is relative to the policy-set root:
 * it is used verbatim in diagnostics, rule ids and IR locations.
 */
export function checkSources(files: readonly { path: string; text: string }[]): CheckResult {
  return checkParsed(files.map((f) => ({ display: f.path, rel: f.path, text: f.text })));
}

export interface SourceFile {
  /** Path as the user gave it (diagnostics). */
  display: string;
  /** Path relative to the policy-set root, `/`-separated (rule ids). */
  rel: string;
  text: string;
}

export function checkParsed(files: readonly SourceFile[]): CheckResult {
  const syntax: Diagnostic[] = [];
  const units: ParsedUnit[] = files.map((f) => {
    const { ast, diagnostics } = parseRoleFile(f.display, f.text);
    appendAll(syntax, diagnostics);
    return { rel: f.rel, text: f.text, ast };
  });
  const { ir, diagnostics } = analyse(units);
  const all = sortDiagnostics([...syntax, ...diagnostics]);
  return all.some((d) => d.severity === 'error') ? { diagnostics: all } : { ir, diagnostics: all };
}
