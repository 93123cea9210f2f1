/**
 * Loads OPA's compliance cases (../shared/opa-compliance/v1/<category>/*.yaml, read in place —
 * never copied into the project) into plain records.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export interface ComplianceCase {
  category: string;
  file: string;
  note: string;
  query: string;
  modules: string[];
  data?: unknown;
  input?: unknown;
  /** Rego text of the input when given as `input_term`. */
  inputTerm?: string;
  wantResult?: Record<string, unknown>[];
  wantError?: string;
  wantErrorCode?: string;
  strictError: boolean;
  sortBindings: boolean;
  skip: boolean;
}

/** The shared folder sits beside the repository (…/shared next to …/main); from a git
 *  worktree deeper down (…/wt/<name>) it is found in the nearest ancestor holding it. */
export function sharedDir(): string {
  const repo = fileURLToPath(new URL('../../../', import.meta.url));
  for (let dir = dirname(repo); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'shared'))) return join(dir, 'shared');
    if (dirname(dir) === dir) return join(dirname(repo), 'shared');
  }
}

export const COMPLIANCE_DIR = join(sharedDir(), 'opa-compliance', 'v1');

export function complianceAvailable(): boolean {
  return existsSync(COMPLIANCE_DIR);
}

export function loadCases(dir = COMPLIANCE_DIR): ComplianceCase[] {
  const out: ComplianceCase[] = [];
  for (const category of readdirSync(dir).sort()) {
    for (const file of readdirSync(`${dir}/${category}`).filter((f) => f.endsWith('.yaml')).sort()) {
      const doc = parse(readFileSync(`${dir}/${category}/${file}`, 'utf8')) as { cases?: Record<string, unknown>[] };
      for (const c of doc.cases ?? []) out.push(toCase(category, file, c));
    }
  }
  return out;
}

function toCase(category: string, file: string, c: Record<string, unknown>): ComplianceCase {
  const rec: ComplianceCase = {
    category,
    file,
    note: String(c.note ?? ''),
    query: String(c.query ?? ''),
    modules: Array.isArray(c.modules) ? c.modules.map(String) : [],
    strictError: c.strict_error === true,
    sortBindings: c.sort_bindings === true,
    skip: c.skip === true,
  };
  if ('data' in c) rec.data = c.data;
  if ('input' in c) rec.input = c.input;
  if (typeof c.input_term === 'string') rec.inputTerm = c.input_term;
  if (Array.isArray(c.want_result)) rec.wantResult = c.want_result as Record<string, unknown>[];
  if (typeof c.want_error === 'string') rec.wantError = c.want_error;
  if (typeof c.want_error_code === 'string') rec.wantErrorCode = c.want_error_code;
  return rec;
}
