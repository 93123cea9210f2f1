// Worker entry when rolec runs from its TypeScript sources (tsx): registers tsx in the
// worker thread, then loads the real worker module. Compiled lib/ uses pool-worker.js.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./pool-worker.ts');
export default worker.default;
