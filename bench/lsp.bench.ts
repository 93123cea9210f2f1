/**
 * Language server latency: time from `textDocument/didChange` to the server's
 * `publishDiagnostics` for that file (whole-set re-analysis + the debounce), on the
 * largest example set and on a generated 1,000-role set (generator: frontend.bench.ts),
 * measured side by side (alternating) against one real `rolec lsp --stdio` process.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../test/lsp/client.ts';
import { DEBOUNCE_MS } from '../src/lsp/server.ts';
import { generate } from './frontend.bench.ts';
import { median } from './stats.ts';

const POLICIES = new URL('../policies/', import.meta.url).pathname;
const RUNS = 21;

function lines(dir: string): number {
  return readdirSync(dir).reduce((n, f) => {
    const p = path.join(dir, f);
    return n + (statSync(p).isDirectory() ? lines(p) : f.endsWith('.role') ? readFileSync(p, 'utf8').split('\n').length : 0);
  }, 0);
}

export default async function run(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'rolec-lsp-bench-'));
  // The largest example set, by lines of .role text.
  const largest = readdirSync(POLICIES)
    .filter((d) => statSync(path.join(POLICIES, d)).isDirectory())
    .sort((a, b) => lines(path.join(POLICIES, b)) - lines(path.join(POLICIES, a)))[0]!;
  cpSync(path.join(POLICIES, largest), path.join(root, 'example'), { recursive: true });
  for (const f of generate(1000)) {
    const p = path.join(root, 'generated', f.path);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, f.text);
  }
  const sets = [
    { name: `example set ${largest}`, file: path.join(root, 'example', 'roles.role') },
    { name: 'generated 1,000 roles', file: path.join(root, 'generated', 'teams', 'part0005.role') },
  ].map((s) => ({ ...s, uri: pathToFileURL(s.file).href, text: readFileSync(s.file, 'utf8'), times: [] as number[] }));

  const client = new LspClient();
  await client.initialize(root);
  for (const s of sets) {
    const first = client.diagnostics(s.uri);
    await client.open(s.uri, s.text);
    await first;
  }
  for (let i = 0; i < RUNS + 2; i++) {
    for (const s of sets) {
      // A real edit (a comment line) so every change re-analyses the set.
      const published = client.diagnostics(s.uri);
      const t0 = performance.now();
      await client.change(s.uri, `${s.text}\n// edit ${i}\n`);
      await published;
      if (i >= 2) s.times.push(performance.now() - t0);
    }
  }
  await client.close();
  const [a, b] = sets.map((s) => median(s.times));
  for (const s of sets) console.log(`didChange → publishDiagnostics, ${s.name}: median ${median(s.times).toFixed(1)} ms (${RUNS} edits, includes the ${DEBOUNCE_MS} ms debounce)`);
  console.log(`ratio 1,000 roles / example: ${(b! / a!).toFixed(2)}×`);
}
