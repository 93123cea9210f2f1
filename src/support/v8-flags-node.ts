/**
 * A V8 flag every Node process that runs the WASM engines needs, set on import (import
 * this before the first call into a WASM engine; the Node entries do).
 *
 * Node 20's V8 (11.3) inlines JS→Wasm calls into optimized JavaScript. When such a caller
 * is lazily deoptimized *during* the Wasm call (code dependencies invalidated by objects
 * the wasm-bindgen glue creates while it runs), the deoptimizer reaches a
 * JS-to-Wasm builtin continuation frame for a reference-typed return that it does not
 * implement, and the process dies with `Fatal error … unreachable code` in
 * `Deoptimizer::DoComputeBuiltinContinuation` — no exception, no way to catch it. It
 * happens deterministically when cedar-wasm's `policyToJson` is called for each of the
 * ~5,000 policies of a 1,000-role policy set (test/support/v8-flags.test.ts). Turning the
 * inlining off costs nothing measurable here (the engines' time is inside Wasm) and removes
 * the frame kind altogether. Flags set after start-up apply to code optimized from then on.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-turbo-inline-js-wasm-calls');
