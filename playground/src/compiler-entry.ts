/**
 * The compiler as the playground's Workers use it: the one place that says where it
 * comes from.
 *
 * INTERIM (until the environment-neutral compiler lands on main): the check is rolec's
 * syntax stage only, there is no IR (so no Fuzz), and "build" hands back the example
 * sets' files built by `rolec build` at bundle time (prebuilt.ts).
 */
import type { Diagnostic } from '../../src/diagnostics/types.ts';
import type { PolicySetIR } from '../../src/semantics/ir.ts';
import { parseRoleFile } from '../../src/syntax/index.ts';
import { prebuiltFor } from './prebuilt.ts';
import type { SourceFile } from './protocol.ts';

export interface Checked {
  diagnostics: Diagnostic[];
  ir?: PolicySetIR;
}

export type Built = { ok: true; files: Record<string, Uint8Array> } | { ok: false; problems: string[] };

export async function check(files: SourceFile[]): Promise<Checked> {
  return { diagnostics: files.flatMap((f) => parseRoleFile(f.path, f.text).diagnostics) };
}

export async function build(files: SourceFile[]): Promise<Built> {
  const built = prebuiltFor(files);
  return built ? { ok: true, files: built } : { ok: false, problems: ['in-browser build pending: only the unmodified example sets are built'] };
}
