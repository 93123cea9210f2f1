/** Messages between the page and its Workers. */
import type { Diagnostic } from '../../src/diagnostics/types.ts';

export interface SourceFile {
  path: string;
  text: string;
}

export interface CompileRequest {
  id: number;
  files: SourceFile[];
  /** check: diagnostics only; build: the built files (the caller has checked first). */
  step: 'check' | 'build';
}

export type CompileReply =
  | { id: number; kind: 'check'; diagnostics: Diagnostic[]; ms: number }
  | { id: number; kind: 'build'; files: Record<string, Uint8Array>; ms: number }
  | { id: number; kind: 'build-failed'; problems: string[] }
  | { id: number; kind: 'crash'; message: string };

export interface FuzzRequest {
  sources: SourceFile[];
  files: Record<string, Uint8Array>;
  count: number;
  seed: number;
}

export interface FuzzDisagreement {
  request: unknown;
  differences: string[];
}

export type FuzzReply =
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'done'; total: number; disagreements: FuzzDisagreement[]; invalid: { request: unknown; issues: string[] }[]; ms: number }
  | { kind: 'error'; message: string };
