// The trace of a raced trial is a stepper: the arrow keys walk it from the
// first step to the last, the live region says each step, and at a lost
// update the stale read and the overwritten write light up. Without
// JavaScript every step shows. Text from a document never becomes markup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, launch, openHtml } from './browser.js';
import { fixture, page } from './html-pages.js';

const executablePath = chromiumPath();
const title = executablePath ? 'trace stepper in Chromium' : 'trace stepper in Chromium (skipped: no chromium on PATH; set CHROMIUM_PATH or apt-get install chromium)';

const current = (tab: Page): Promise<string[]> => tab.locator('.stepper').first().locator('tr.current').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.step ?? ''));

describe.skipIf(!executablePath)(title, () => {
  let browser: Browser;
  let runPage: string;
  beforeAll(async () => {
    browser = await launch(executablePath ?? '');
    runPage = await page(['run', 'thread-counter', '--no-lock', '--trials', '20', '--window', '0.5', '--iterations', '3', '--format', 'html']);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the arrow keys step from the first step to the last, each step announced, the lost update highlighted', async () => {
    const opened = await openHtml(browser, runPage);
    try {
      const { page: tab } = opened;
      const stepper = tab.locator('.stepper').first();
      const first = Number(await stepper.getAttribute('data-first'));
      const last = Number(await stepper.getAttribute('data-last'));
      const total = (await stepper.locator('tr[data-step]').count());
      expect(last - first + 1).toBe(total);
      expect(total).toBe(12); // 2 workers × 3 iterations × (read + write)
      await stepper.locator('.scroll').focus();
      let sawLoss = false;
      for (let step = first; step <= last; step++) {
        expect(await current(tab)).toEqual([String(step)]);
        const said = await stepper.locator('.say').textContent();
        expect(said).toMatch(new RegExp(`^Step ${step + 1} of ${total}: worker \\d (read|write) counter`));
        const row = stepper.locator(`tr[data-step="${step}"]`);
        const overwritten = await row.getAttribute('data-overwritten');
        if (overwritten !== null) {
          sawLoss = true;
          expect(said).toContain(`overwrites worker`);
          expect(await stepper.locator(`tr[data-step="${overwritten}"]`).getAttribute('class')).toContain('overwritten');
          const read = await row.getAttribute('data-read');
          if (read === null) throw new Error('an overwrite without its stale read');
          expect(await stepper.locator(`tr[data-step="${read}"]`).getAttribute('class')).toContain('stale-read');
          expect(Number(read)).toBeLessThan(Number(overwritten));
        }
        await tab.keyboard.press('ArrowRight');
      }
      expect(sawLoss).toBe(true);
      expect(await current(tab)).toEqual([String(last)]); // past the end stays on the last step
      await tab.keyboard.press('Home');
      expect(await current(tab)).toEqual([String(first)]);
      await tab.keyboard.press('End');
      expect(await current(tab)).toEqual([String(last)]);
      await stepper.getByRole('button', { name: 'First' }).click();
      await stepper.getByRole('button', { name: /Next/ }).click();
      expect(await current(tab)).toEqual([String(first + 1)]);
      await tab.keyboard.press('ArrowRight'); // the focused button passes the arrow keys on to the stepper
      expect(await current(tab)).toEqual([String(first + 2)]);
      await stepper.getByLabel('Step', { exact: true }).fill(String(last - 1));
      expect(await current(tab)).toEqual([String(last - 1)]);
      expect(await stepper.locator('.say').getAttribute('aria-live')).toBe('polite');
      expect(opened.errors).toEqual([]);
      expect(opened.requests).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('without JavaScript every step, the tables and the chart show, and the controls do not', async () => {
    const opened = await openHtml(browser, runPage, { javaScript: false });
    try {
      const { page: tab } = opened;
      const rows = tab.locator('.stepper').first().locator('tr[data-step]');
      expect(await rows.count()).toBe(12);
      for (const row of await rows.all()) expect(await row.isVisible()).toBe(true);
      expect(await tab.locator('.controls').first().isVisible()).toBe(false);
      expect(await tab.locator('svg.chart').first().isVisible()).toBe(true);
      expect(await tab.locator('table.data').first().isVisible()).toBe(true);
      expect(await tab.locator('.loss').count()).toBeGreaterThan(0);
    } finally {
      await opened.close();
    }
  });

  it('markup in a document stays text: no script runs, no request, the text shows as written', async () => {
    const opened = await openHtml(browser, await page(['report', fixture('injection.json')]));
    try {
      const { page: tab } = opened;
      expect(await tab.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      expect(await tab.locator('main img, main iframe, main link, main b, main style').count()).toBe(0);
      expect(await tab.locator('h2').first().textContent()).toContain('<img src=x onerror="window.pwned=1">');
      expect(await tab.locator('body').isVisible()).toBe(true);
      expect(await tab.getByText('read <b onmouseover=alert(1)>x</b> → "<style>body{display:none}</style>"').first().isVisible()).toBe(true);
      expect(await tab.getByText('<link rel=stylesheet href=https://example.com/x.css>').first().isVisible()).toBe(true);
      expect(opened.requests).toEqual([]);
      expect(opened.errors).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});
