/**
 * The part of cedar-wasm the engines call. cedar-wasm ships one build per environment
 * (`/nodejs` loads its wasm synchronously from disk; `/web` is initialised from bytes or a
 * URL): the engines take whichever build the caller loaded, so this folder imports
 * neither and runs in Node, a browser or a Worker alike.
 */
import type * as cedarWasm from '@cedar-policy/cedar-wasm/web';

export type CedarApi = Pick<
  typeof cedarWasm,
  'policyToJson' | 'policySetTextToParts' | 'preparseSchema' | 'preparsePolicySet' | 'statefulIsAuthorized'
>;

export type { AuthorizationAnswer, EntityJson, Schema } from '@cedar-policy/cedar-wasm/web';
