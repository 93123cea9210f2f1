/**
 * The real toolchain the CLI hands to the harness: rolec's Rego→Wasm compiler and the
 * request validator over the policy set's generated request schema.
 */
import { compileRegoToWasm } from '../regowasm/index.ts';
import { requestSchema } from '../request/schema.ts';
import { requestValidator } from '../request/validate.ts';
import type { Toolchain } from './policyset.ts';

export const defaultToolchain: Toolchain = {
  compileRegoWasm: (req) => compileRegoToWasm(req),
  requestChecker: (ir) => requestValidator(requestSchema(ir)),
};
