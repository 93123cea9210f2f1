/**
 * Stable codes of `rolec verify` / `rolec diff` findings (V0xxx), listed by src/report/codes.ts
 * so that docs/diagnostics.md and SARIF rules list them.
 */
export const VERIFY_CODES = {
  V0001: 'assert does not hold: a counterexample request was found and replayed on both engines',
  V0002: 'assert could not be decided within the time limit (unknown)',
  V0003: 'verifier bug: a witness does not replay on the real engines as the solver claimed (or is not a valid request)',
  V0004: 'the two policy sets have different schemas or privilege catalogs; diff needs one request shape',
  V0005: 'the set bound of the symbolic model was reached (more set atoms than fresh elements); a proof is bounded',
  V0006: 'an emitted target decides a request differently from the DSL (or errors on it): a counterexample replayed on its real engine',
  V0101: 'an emitted target has no symbolic encoding yet: IR ≡ that target is not proved (only sampled by rolec fuzz)',
  V0102: 'a construct of an emitted artefact is not encoded: IR ≡ that target is not proved (the construct is named)',
} as const;

export type VerifyCode = keyof typeof VERIFY_CODES;
