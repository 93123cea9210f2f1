/**
 * Both outside yardsticks run end to end: every OPA compliance case and every regorus case,
 * through `compileRegoToWasm` and the real Wasm SDK. Used by compliance.test.ts and by
 * gen-doc.ts (which writes the generated section of docs/rego-subset.md).
 */
import { fileURLToPath } from 'node:url';
import { compileRegoToWasm } from '../../../src/regowasm/index.ts';
import { loadCases } from './cases.ts';
import type { ComplianceCase } from './cases.ts';
import { loadRegorusCases, runRegorusCase } from './regorus.ts';
import type { RegorusCase } from './regorus.ts';
import { runCase } from './runner.ts';
import type { CompileRegoToWasm, Outcome } from './runner.ts';

export const SUBSET_DOC = fileURLToPath(new URL('../../../docs/rego-subset.md', import.meta.url));

export const compile: CompileRegoToWasm = compileRegoToWasm;

export interface CaseResult {
  category: string;
  id: string;
  outcome: Outcome;
}

export function opaCaseId(c: ComplianceCase): string {
  return `${c.category}/${c.file} "${c.note}"`;
}

/** Every other case loads through loadPolicySync, the rest through loadPolicy. */
export async function runOpaCases(cases: ComplianceCase[]): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const [i, c] of cases.entries()) out.push({ category: c.category, id: opaCaseId(c), outcome: await runCase(c, compile, { sync: i % 2 === 1 }) });
  return out;
}

/** Rows by top folder (`builtins/strings` stays one row: the builtin families are the point). */
export function regorusCategory(c: RegorusCase): string {
  return c.folder;
}

export async function runRegorusCases(cases: RegorusCase[]): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of cases) out.push({ category: regorusCategory(c), id: c.id, outcome: await runRegorusCase(c, compile) });
  return out;
}

export async function runBothSuites(): Promise<{ opa: CaseResult[]; regorus: CaseResult[] }> {
  return { opa: await runOpaCases(loadCases()), regorus: await runRegorusCases(loadRegorusCases()) };
}
