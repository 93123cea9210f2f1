/**
 * What an encoding of an emitted target (Cedar, Rego, …) gives the verifier: "allow" and
 * "the engine reports an error" as terms over the symbolic request (request-model.ts),
 * plus every construct of the artefact it could not encode. `rolec verify` proves
 * IR ≡ target for each registered encoder (verify-targets.ts); adding a target is one
 * more {@link TargetEncoder}.
 */
import type { PolicySetIR } from '../semantics/ir.ts';
import type { RequestModel } from './request-model.ts';
import type { Defs, Term } from './term.ts';

/** A construct of an emitted artefact the encoder does not model (reported as V0102). */
export interface Unencoded {
  /** e.g. `policies.cedar`, `rolec/authz/policy.rego`. */
  file: string;
  /** Which policy / rule (its @id, rule name) holds it. */
  where: string;
  /** The construct, named as the artefact's own syntax names it (EST node, Rego term kind). */
  construct: string;
}

export interface TargetEncoding {
  /** Cedar: the engine's answer is allow (and no error). */
  allow: Term;
  /** The engine reports an error (the harness's engine error, never a decision). */
  error: Term;
  /** Rule ids (the DSL ids the engine reports as reasons) → the rule applies; for witnesses. */
  rules: Map<string, Term>;
  unencoded: Unencoded[];
}

/** The files of one target's directory in a built bundle (paths relative to it). */
export type TargetFiles = ReadonlyMap<string, Uint8Array>;

export interface TargetEncoder {
  /** The bundle directory (and engine) name: `cedar`, `rego`. */
  name: string;
  encode(files: TargetFiles, ir: PolicySetIR, m: RequestModel, defs: Defs): TargetEncoding | Promise<TargetEncoding>;
}

export function textOf(files: TargetFiles, name: string): string {
  const bytes = files.get(name);
  if (!bytes) throw new Error(`the bundle lacks ${name}`);
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
