/**
 * The playground in headless Chromium (the built app, served on 127.0.0.1): time from an
 * edit to updated diagnostics, and from Evaluate to both decisions, on each example set.
 * Measured in the page (performance.now(), window.rolecTimings) — edit→diagnostics spans
 * the editor transaction, the debounce, the Worker's check and the re-rendered list and
 * lint markers. Target: edit→diagnostics < 100 ms on the example sets.
 */
import type { Page } from 'playwright-core';
import { ensurePlaygroundBuilt, launchChromium, serveStatic, DIST } from '../test/playground/browser.ts';
import { SETS } from '../test/playground/fixture-requests.ts';
import { median } from './stats.ts';

const EDITS = 24; // even: the file ends as it began
const EVALUATIONS = 25;

/** The page's own measurements (playground/src/main.ts). */
interface Timings {
  editToDiagnostics: number[];
  checkInWorker: number[];
  evaluateToDecisions: number[];
}
const timings = (page: Page) => page.evaluate(() => ({ ...(window as unknown as { rolecTimings: Timings }).rolecTimings }));

async function waitForCount(page: Page, key: 'editToDiagnostics' | 'evaluateToDecisions', n: number) {
  try {
    await page.waitForFunction(([k, want]) => (window as unknown as { rolecTimings: Record<string, number[]> }).rolecTimings[k]!.length >= (want as number), [key, n] as const, { timeout: 60_000 });
  } catch (err) {
    const status = await page.getByTestId('status').textContent();
    throw new Error(`${key}: waited for ${n} measurements, have ${JSON.stringify(await timings(page))}; status: ${status}`, { cause: err });
  }
}

const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

export default async function run(): Promise<void> {
  await ensurePlaygroundBuilt();
  const server = await serveStatic(DIST);
  const browser = await launchChromium();
  try {
    console.log(`| set | edit→diagnostics median (p90), ${EDITS} edits | of which the check in the Worker | Evaluate→both decisions: first | then median, ${EVALUATIONS} runs |`);
    console.log('|---|---|---|---|---|');
    for (const set of SETS) {
      const page = await browser.context.newPage();
      await page.goto(server.url);
      await page.getByTestId('set-picker').selectOption(set);
      await page.getByTestId('status').filter({ hasText: 'built' }).waitFor({ timeout: 60_000 });
      // Edits: one keystroke at a time at the end of the shown file, each waited for.
      await page.locator('[data-testid=role-editor] .cm-content').click();
      await page.keyboard.press('Control+End');
      const before = (await timings(page)).editToDiagnostics.length;
      for (let i = 0; i < EDITS; i++) {
        await page.keyboard.press(i % 2 ? 'Backspace' : 'Enter');
        await waitForCount(page, 'editToDiagnostics', before + i + 1);
      }
      const edit = (await timings(page)).editToDiagnostics.slice(before);
      const check = (await timings(page)).checkInWorker.slice(before);
      await page.getByTestId('status').filter({ hasText: 'built' }).waitFor({ timeout: 60_000 });
      for (let i = 0; i < EVALUATIONS; i++) {
        await page.getByTestId('evaluate').click();
        await waitForCount(page, 'evaluateToDecisions', i + 1);
      }
      const evals = (await timings(page)).evaluateToDecisions;
      console.log(`| ${set} | ${ms(median(edit))} (${ms(p90(edit))}) | ${ms(median(check))} | ${ms(evals[0]!)} | ${ms(median(evals.slice(1)))} |`);
      await page.close();
    }
    console.log('Evaluate\'s first run creates both engines (cedar-wasm and opa-wasm instances); later runs reuse them.');
  } finally {
    await browser.close();
    await server.close();
  }
}
