/**
 * Rewrites the generated fidelity section of docs/rego-subset.md from a fresh run of both
 * suites: `npx tsx test/regowasm/compliance/gen-doc.ts`. compliance.test.ts fails when the
 * committed section differs from what the run gives.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { runBothSuites, SUBSET_DOC } from './fidelity.ts';
import { fidelitySection, formatTable, summarise, withFidelitySection } from './report.ts';

const { opa, regorus } = await runBothSuites();
const o = summarise(opa);
const r = summarise(regorus);
console.log(`OPA compliance:\n${formatTable(o)}\n\nregorus:\n${formatTable(r)}`);
for (const f of [...o.failures, ...r.failures]) console.log(`  [${f.verdict}] ${f.id}: ${f.detail.slice(0, 300)}`);
writeFileSync(SUBSET_DOC, withFidelitySection(readFileSync(SUBSET_DOC, 'utf8'), fidelitySection(o, r)));
console.log(`wrote ${SUBSET_DOC}`);
