/**
 * Regenerates grammar/railroad.html from the Chevrotain parser (the grammar's single
 * source of truth). Run: npx tsx scripts/gen-grammar.ts
 */
import { writeFileSync } from 'node:fs';
import { railroadHtml } from '../src/syntax/railroad.ts';

const out = new URL('../grammar/railroad.html', import.meta.url);
writeFileSync(out, railroadHtml());
console.log(`wrote ${out.pathname}`);
