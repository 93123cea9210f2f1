/**
 * The encodings of emitted targets `rolec verify` proves against the IR. One entry per
 * target; a target without an entry is reported (V0101), never silently skipped.
 */
import { nodeCedar } from '../backends/cedar/wasm-node.ts';
import { cedarEncoder } from './cedar/authorize.ts';
import { regoEncoder } from './rego/authorize.ts';
import type { TargetEncoder } from './target.ts';

export const TARGET_ENCODERS: readonly TargetEncoder[] = [cedarEncoder(nodeCedar), regoEncoder];

/** The engine targets every bundle `rolec verify` reads holds. */
export const ENGINE_TARGETS = ['cedar', 'rego'] as const;
