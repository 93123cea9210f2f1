/**
 * The part of cedar-wasm rolec calls (strict validation at build time, evaluation in the
 * engines). cedar-wasm ships one build per environment (`/nodejs` loads its wasm
 * synchronously from disk; `/web` is initialised from bytes or a URL): callers pass
 * whichever build they loaded, so the backend and the engines import neither and run in
 * Node, a browser or a Worker alike. Node callers use ./wasm-node.ts.
 */
import type * as cedarWasm from '@cedar-policy/cedar-wasm/web';

export type CedarApi = Pick<
  typeof cedarWasm,
  'policyToJson' | 'policySetTextToParts' | 'preparseSchema' | 'preparsePolicySet' | 'statefulIsAuthorized' | 'validate'
>;

export type {
  AuthorizationAnswer,
  CedarValueJson,
  DetailedError,
  EntityJson,
  EntityUidJson,
  Schema,
  TypeAndId,
  ValidationError,
} from '@cedar-policy/cedar-wasm/web';
