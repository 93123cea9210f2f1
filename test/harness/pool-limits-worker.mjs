// A worker for pool.test.ts: reports the resource limits its thread was started with.
import { resourceLimits } from 'node:worker_threads';

export default () => resourceLimits;
