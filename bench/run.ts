/**
 * `npm run bench`: runs every bench/*.bench.ts in name order (or those named on the
 * command line). Each exports `default async function run(): Promise<void>` that prints
 * medians (and ratios measured side by side in the same run). Benchmarks are never part
 * of `npm test`.
 */
import { readdirSync } from 'node:fs';

const dir = new URL('./', import.meta.url);
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
for (const f of files) {
  console.log(`\n## ${f}`);
  const mod = (await import(new URL(f, dir).href)) as { default: () => Promise<void> };
  await mod.default();
}
