/** cedar-wasm's Node build (loads its wasm from disk at import): for Node-only callers. */
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import type { CedarApi } from './wasm-api.ts';

export const nodeCedar: CedarApi = cedar as unknown as CedarApi;
