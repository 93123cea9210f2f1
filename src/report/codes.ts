/**
 * Every diagnostic code of every stage, with its title: the single table that
 * docs/diagnostics.md and SARIF rule descriptors are generated from.
 */
import { SYNTAX_CODES } from '../syntax/codes.ts';
import { SEMANTIC_CODES } from '../semantics/codes.ts';
import { ES_TARGET_CODES, IMPORT_CODES } from '../interop/elasticsearch/codes.ts';
import { VERIFY_CODES } from './verify-codes.ts';

export interface CodeInfo {
  code: string;
  severity: 'error' | 'warning';
  stage: 'syntax' | 'semantics' | 'import' | 'target' | 'verify';
  title: string;
}

export function allCodes(): CodeInfo[] {
  const rows: CodeInfo[] = [];
  const add = (stage: CodeInfo['stage'], table: Record<string, string>) => {
    for (const [code, title] of Object.entries(table))
      rows.push({ code, severity: code.startsWith('W') || code.startsWith('V01') ? 'warning' : 'error', stage, title });
  };
  add('syntax', SYNTAX_CODES);
  add('semantics', SEMANTIC_CODES);
  add('target', ES_TARGET_CODES);
  for (const [code, { severity, title }] of Object.entries(IMPORT_CODES)) rows.push({ code, severity, stage: 'import', title });
  add('verify', VERIFY_CODES);
  return rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
