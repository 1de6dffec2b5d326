// Every piece of text on a report page, in light and in dark mode and with a
// lost update highlighted, has at least 4.5:1 contrast against the background
// it is drawn on (WCAG AA), and every control has an accessible name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, launch, openHtml } from './browser.js';
import { fixture, page } from './html-pages.js';

const executablePath = chromiumPath();
const title = executablePath ? 'contrast in Chromium' : 'contrast in Chromium (skipped: no chromium on PATH; set CHROMIUM_PATH or apt-get install chromium)';

/** Text elements whose contrast is under 4.5:1, as "text: ratio". */
function lowContrast(tab: Page): Promise<string[]> {
  return tab.evaluate(() => {
    const rgb = (colour: string): number[] => (colour.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]): number => {
      const channel = (value: number): number => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const background = (element: Element | null): number[] => {
      for (let at = element; at; at = at.parentElement) {
        const colour = rgb(getComputedStyle(at).backgroundColor);
        if (colour.length < 4 || (colour[3] ?? 0) > 0) return colour.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const found: string[] = [];
    const walker = document.createTreeWalker(document.querySelector('main') ?? document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || !node.textContent?.trim() || element.closest('svg') || element.checkVisibility?.() === false) continue;
      const style = getComputedStyle(element);
      const front = luminance(rgb(style.color));
      const back = luminance(background(element));
      const ratio = (Math.max(front, back) + 0.05) / (Math.min(front, back) + 0.05);
      if (ratio < 4.5) found.push(`${node.textContent.trim().slice(0, 40)}: ${ratio.toFixed(2)}`);
    }
    return found;
  });
}

describe.skipIf(!executablePath)(title, () => {
  let browser: Browser;
  let pages: string[];
  beforeAll(async () => {
    browser = await launch(executablePath ?? '');
    pages = [
      await page(['run', 'thread-counter', '--no-lock', '--trials', '20', '--window', '0.5', '--iterations', '3', '--format', 'html']),
      await page(['report', fixture('litmus.json')]),
      await page(['report', fixture('isolation.json')]),
      await page(['report', fixture('isolation-redis.json'), fixture('isolation-fixes.json')]),
    ];
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(['light', 'dark'] as const)('%s: all text at 4.5:1 or more, at a lost update too; every control named', async (colorScheme) => {
    for (const html of pages) {
      const opened = await openHtml(browser, html, { colorScheme });
      try {
        const { page: tab } = opened;
        expect(await lowContrast(tab)).toEqual([]);
        const stepper = tab.locator('.stepper').first();
        if ((await stepper.count()) > 0) {
          const loss = await stepper.locator('tr.overwrite').first().getAttribute('data-step');
          await stepper.getByLabel('Step', { exact: true }).fill(String(loss));
          expect(await stepper.locator('tr.stale-read, tr.overwritten').count()).toBe(2);
          expect(await lowContrast(tab)).toEqual([]);
        }
        const unnamed = await tab.locator('button, input, [tabindex]').evaluateAll((controls) =>
          controls.filter((control) => !(control.getAttribute('aria-label') || control.textContent?.trim() || control.closest('label'))).length,
        );
        expect(unnamed).toBe(0);
      } finally {
        await opened.close();
      }
    }
  });
});
