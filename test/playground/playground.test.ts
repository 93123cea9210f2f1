/**
 * The built playground in headless Chromium (Debian's, via playwright-core), served from
 * playground/dist on 127.0.0.1: example sets decided on both engines against their
 * fixtures, a syntax error's code shown as you type, a shared link deciding at once,
 * and Fuzz finding no disagreement. Screenshot: test-results/playground-evaluated.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSources } from '../../src/semantics/index.ts';
import { ensurePlaygroundBuilt, launchChromium, REPO, serveStatic, DIST, type Browser, type StaticServer } from './browser.ts';
import { fixtureCases, setFiles, sharedLink, SETS, type FixtureCase } from './fixture-requests.ts';

let server: StaticServer;
let browser: Browser;
const SCREENSHOT = join(REPO, 'test-results', 'playground-evaluated.png');

beforeAll(async () => {
  await ensurePlaygroundBuilt();
  server = await serveStatic(DIST);
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(hash = ''): Promise<Page> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url + hash);
  await page.getByTestId('set-picker').waitFor();
  (page as Page & { errors?: string[] }).errors = errors;
  return page;
}

const byId = (page: Page, id: string) => page.getByTestId(id);

/** Waits until both decisions and the badge are shown, returns them. */
async function decisions(page: Page): Promise<{ cedar: string; rego: string; agreement: string }> {
  await expect.poll(() => byId(page, 'agreement').textContent(), { timeout: 60_000 }).toMatch(/^(agree|disagree)$/);
  return {
    cedar: (await byId(page, 'decision-cedar').textContent())!,
    rego: (await byId(page, 'decision-rego').textContent())!,
    agreement: (await byId(page, 'agreement').textContent())!,
  };
}

function twoCases(set: string): FixtureCase[] {
  const cases = fixtureCases(set);
  return [cases.find((c) => c.expect === 'allow')!, cases.find((c) => c.expect === 'deny')!];
}

describe('playground in headless Chromium', () => {
  for (const set of SETS) {
    it(`${set}: two fixture requests decided by both engines as the fixture expects`, async () => {
      const page = await open();
      await byId(page, 'set-picker').selectOption(set);
      for (const c of twoCases(set)) {
        await byId(page, 'request-picker').selectOption(String(c.index));
        await byId(page, 'agreement').evaluate((el) => (el.textContent = '…'));
        await byId(page, 'evaluate').click();
        expect(await decisions(page), c.name).toEqual({ cedar: c.expect, rego: c.expect, agreement: 'agree' });
        if (set === SETS[0] && c.expect === 'allow') {
          // A reason names the DSL rule; clicking it selects that rule in the editor.
          const reason = byId(page, 'reasons-cedar').locator('a.rule').first();
          const rule = (await reason.getAttribute('data-rule'))!;
          await reason.click();
          const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '');
          const line = rule.split(':')[1]!;
          expect(selected.length, `selection for ${rule}`).toBeGreaterThan(0);
          const file = setFiles(set).find((f) => f.path === rule.split(':')[0])!;
          expect(file.text.split('\n')[Number(line) - 1]!.trim().startsWith(selected.split('\n')[0]!.trim())).toBe(true);
          mkdirSync(join(REPO, 'test-results'), { recursive: true });
          await page.screenshot({ path: SCREENSHOT, fullPage: true });
        }
      }
      expect((page as Page & { errors?: string[] }).errors).toEqual([]);
      await page.close();
    });
  }

  it('a syntax error typed into the editor shows its diagnostic code', async () => {
    const page = await open();
    await expect.poll(() => byId(page, 'status').textContent(), { timeout: 60_000 }).toMatch(/built|checked/);
    await expect.poll(() => byId(page, 'diagnostics').locator('li.error').count()).toBe(0);
    const [first, ...rest] = setFiles(SETS[0]!);
    const typed = '\nrole broken {\n  cluster monitor\n';
    // What the compiler itself (in Node) says about the same edit.
    const expected = new Set(checkSources([{ path: first!.path, text: first!.text + typed }, ...rest]).diagnostics.map((d) => d.code));
    expect([...expected].some((c) => c.startsWith('E01'))).toBe(true);
    await page.locator('[data-testid=role-editor] .cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(typed);
    await expect.poll(async () => new Set(await byId(page, 'diagnostics').locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))), { timeout: 30_000 }).toEqual(expected);
    for (const code of expected) await expect.poll(() => byId(page, 'diagnostics').textContent()).toContain(code);
    // …and as a lint marker in the editor.
    await expect.poll(() => page.locator('[data-testid=role-editor] .cm-lint-marker-error').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('a shared link built outside the app decides at once, as the fixture expects', async () => {
    const set = 'abac-programs';
    for (const c of twoCases(set)) {
      const page = await open(sharedLink({ set, files: setFiles(set), request: JSON.stringify(c.request) }));
      expect(await decisions(page), c.name).toEqual({ cedar: c.expect, rego: c.expect, agreement: 'agree' });
      await page.close();
    }
  });

  it('a request that breaks the schema is reported at its JSON pointer, not decided', async () => {
    const set = 'abac-programs';
    const request = structuredClone(twoCases(set)[0]!.request) as { principal: { attributes: Record<string, unknown> } };
    request.principal.attributes['level'] = 'high';
    const page = await open(sharedLink({ set, files: setFiles(set), request: JSON.stringify(request, null, 2) }));
    await expect.poll(() => byId(page, 'request-issues').textContent(), { timeout: 60_000 }).toContain('/principal/attributes/level');
    await expect.poll(() => page.locator('[data-testid=request-editor] .cm-lint-marker-error').count()).toBeGreaterThan(0);
    expect(await byId(page, 'decision-cedar').textContent()).toBe('–');
    expect(await byId(page, 'agreement').textContent()).toBe('–');
    await page.close();
  });

  it('Fuzz: 200 generated requests through both engines in a Worker, 0 disagreements', async () => {
    const page = await open();
    await byId(page, 'set-picker').selectOption('observability');
    await expect.poll(() => byId(page, 'status').textContent(), { timeout: 60_000 }).toMatch(/^built/);
    await byId(page, 'fuzz-count').fill('200');
    await byId(page, 'fuzz').click();
    await expect.poll(() => byId(page, 'fuzz-summary').getAttribute('data-disagreements'), { timeout: 180_000 }).toBe('0');
    expect(await byId(page, 'fuzz-summary').textContent()).toMatch(/^200 requests, 0 disagreements \(/);
    expect(await byId(page, 'fuzz-progress').evaluate((el) => [(el as HTMLProgressElement).value, (el as HTMLProgressElement).max])).toEqual([200, 200]);
    expect(await byId(page, 'fuzz-disagreements').locator('li').count()).toBe(0);
    await page.close();
  });

  it("Share link round-trips the editor state through the URL fragment", async () => {
    const page = await open();
    await byId(page, 'set-picker').selectOption('elastic-cloud');
    const c = twoCases('elastic-cloud')[1]!;
    await byId(page, 'request-picker').selectOption(String(c.index));
    await byId(page, 'share').click();
    const url = page.url();
    expect(url).toContain('#s=');
    const again = await open(url.slice(server.url.length));
    expect(await decisions(again)).toEqual({ cedar: c.expect, rego: c.expect, agreement: 'agree' });
    await again.close();
    await page.close();
  });
});
