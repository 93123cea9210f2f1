// `npm run build` (also run by `npm ci` through `prepare`): builds the artefacts the
// TypeScript sources load at run time. Each step is a module under scripts/build/.
import { readdirSync, existsSync } from 'node:fs';

const dir = new URL('./build/', import.meta.url);
const steps = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort() : [];
for (const step of steps) {
  const mod = await import(new URL(step, dir).href);
  await mod.default();
}
console.log(`rolec build: ${steps.length} step(s) done${steps.length ? ': ' + steps.join(', ') : ''}`);
