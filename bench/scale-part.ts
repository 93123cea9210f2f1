/**
 * One part of the scale benchmark (SCALE_ONLY) in a process of its own: cedar-wasm keeps
 * every pre-parsed policy set for the life of its instance, so after the per-request part
 * has loaded sets of up to 10,000 roles, the throughput part measured in the same process
 * ran on a bloated instance (its bare and 1-job figures both slowed, unevenly).
 */
import run from './scale.bench.ts';

await run();
