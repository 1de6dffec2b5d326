// Every command's HTML page opens in headless Chromium with no request
// leaving it and no console error, and shows its chart above its table
// (checked by element boxes and by the screenshot's pixels, not pixel-exact).
// litmus and isolation pages come from real runs: litmus on this CPU, and
// isolation against a throwaway PostgreSQL and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { encodeToken } from '../dist/src/report/token.js';
import { chromiumPath, launch, openHtml } from './browser.js';
import { fixture, page, pixelStats, reportOf } from './html-pages.js';
import { canRunPostgres, canRunRedis, serverFor, startPostgres, startRedis } from './stores/servers.js';

const executablePath = chromiumPath();
const title = executablePath ? 'HTML report in Chromium' : 'HTML report in Chromium (skipped: no chromium on PATH; set CHROMIUM_PATH or apt-get install chromium)';

const replayToken = encodeToken({ scenario: 'thread-counter', workers: 2, iterations: 1, lock: false, schedule: [1, 2, 1, 2] });

const pages: Array<[string, () => Promise<string>]> = [
  ['run --no-lock', () => page(['run', 'thread-counter', '--no-lock', '--trials', '10', '--window', '0.5', '--format', 'html'])],
  ['run --compare', () => page(['run', 'thread-counter', '--compare', '--trials', '10', '--format', 'html'])],
  ['sweep', () => page(['sweep', 'thread-counter', '--window', '0,0.2,0.5', '--trials', '5', '--format', 'html'])],
  ['explore', () => page(['explore', 'thread-counter', '--no-lock', '--format', 'html'])],
  ['explore --replay', () => page(['explore', 'thread-counter', '--no-lock', '--replay', replayToken, '--format', 'html'])],
  ['report of an ndjson stream', async () => reportOf((await page(['run', 'process-value', '--no-lock', '--trials', '5', '--format', 'ndjson'])))],
  ['litmus --format html', () => page(['litmus', 'SB', '--samples', '5000', '--format', 'html'])],
  ['report of litmus --json (both access modes)', async () => reportOf(await page(['litmus', 'MP', '--samples', '5000', '--json']))],
];

/** What each page must say, besides its chart and table. */
const mustShow: Record<string, RegExp[]> = {
  'litmus --format html': [/litmus · SB · plain/, /litmus · SB · atomics/, /store buffering/, /\(\w+, \d+ cores\) · V8 \d+\.\d+/, /95% interval/, /forbidden outcomes seen\s*0/],
  'report of litmus --json (both access modes)': [/litmus · MP · plain/, /litmus · MP · atomics/, /V8 \d+\.\d+/],
  'isolation --format html (PostgreSQL)': [/isolation · PostgreSQL \d+/, /G2-item\s*write skew/, /serializable/, /prevented \(aborted\)/],
  'report of isolation --json at one level': [/isolation · PostgreSQL \d+/, /serializable/],
  'isolation --fixes --format html': [/isolation fixes · PostgreSQL/, /SELECT … FOR UPDATE/, /retry on 40001/],
  'isolation --format html (Redis)': [/isolation · Redis \d+/, /WATCH \+ MULTI\/EXEC/, /prevented \(atomic\)/],
  'report of isolation --json (Redis)': [/isolation · Redis \d+/, /Lua script/],
};

/** The page opens offline, has its chart above its table, fits 1280 px, and a screenshot with ink. */
async function expectAWorkingPage(browser: Browser, name: string, htmlText: string): Promise<void> {
  const opened = await openHtml(browser, htmlText);
  try {
    const { page: tab } = opened;
    // A replay is one schedule: its table is the stepper's, and it has no chart.
    const replay = name.includes('replay');
    const table = await tab.locator(replay ? 'table.trace' : 'table.data').first().boundingBox({ timeout: 5000 });
    if (!table) throw new Error('no table on the page');
    expect(table.width).toBeGreaterThan(100);
    expect(table.height).toBeGreaterThan(40);
    if (!replay) {
      const chart = await tab.locator('svg.chart').first().boundingBox({ timeout: 5000 });
      if (!chart) throw new Error('no chart on the page');
      expect(chart.width).toBeGreaterThan(300);
      expect(chart.height).toBeGreaterThan(30);
      expect(table.y).toBeGreaterThanOrEqual(chart.y + chart.height);
      // Every label of every chart stays inside its chart.
      const outside = await tab.locator('svg.chart').evaluateAll((charts) =>
        charts.flatMap((svg) => {
          const box = svg.getBoundingClientRect();
          return [...svg.querySelectorAll('text')]
            .filter((text) => {
              const label = text.getBoundingClientRect();
              return label.left < box.left - 1 || label.right > box.right + 1 || label.top < box.top - 1 || label.bottom > box.bottom + 1;
            })
            .map((text) => text.textContent);
        }),
      );
      expect(outside).toEqual([]);
      // Projector-sized: no chart label drawn smaller than 16 px.
      const smallest = await tab.locator('svg.chart text').evaluateAll((texts) => Math.min(...texts.map((text) => text.getBoundingClientRect().height)));
      expect(smallest).toBeGreaterThanOrEqual(16);
    }
    // Nothing sticks out sideways at a projector's 1280 px.
    const overflow = await tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const shot = await tab.screenshot({ fullPage: true });
    const pixels = await pixelStats(browser, shot);
    expect(pixels.colours).toBeGreaterThan(20);
    expect(pixels.inked).toBeGreaterThan(0.02);
    expect(opened.requests).toEqual([]);
    expect(opened.errors).toEqual([]);
    for (const text of mustShow[name] ?? []) expect(await tab.locator('main').innerText()).toMatch(text);
  } finally {
    await opened.close();
  }
}

describe.skipIf(!executablePath)(title, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch(executablePath ?? '');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(pages)('%s: no request, no console error, the chart above the table, a screenshot with ink', async (name, make) => {
    await expectAWorkingPage(browser, name, await make());
  });

  it('an attempted request is caught: the check itself can fail', async () => {
    const opened = await openHtml(browser, '<!doctype html><title>t</title><img src="https://example.com/x.png" alt="">');
    try {
      expect(opened.requests).toEqual(['https://example.com/x.png']);
    } finally {
      await opened.close();
    }
  });

  it('dark mode: a dark background with light text', async () => {
    const opened = await openHtml(browser, await page(['report', fixture('isolation.json')]), { colorScheme: 'dark' });
    try {
      const [background, text] = await opened.page.evaluate(() => {
        const style = getComputedStyle(document.body);
        return [style.backgroundColor, style.color];
      });
      expect(background).toBe('rgb(18, 18, 18)');
      expect(text).toBe('rgb(238, 238, 238)');
    } finally {
      await opened.close();
    }
  });
});

/** A browser for the enclosing describe's tests. */
function browserFor(): { readonly browser: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch(executablePath ?? '');
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser(): Browser {
      if (!browser) throw new Error('the browser has not started');
      return browser;
    },
  };
}

describe.skipIf(!executablePath || !canRunPostgres)(`${title}: isolation on PostgreSQL`, () => {
  const server = serverFor(startPostgres);
  const opened = browserFor();
  const postgresPages: Array<[string, () => Promise<string>]> = [
    ['isolation --format html (PostgreSQL)', () => page(['isolation', '--store', server.url, '--format', 'html'])],
    ['report of isolation --json at one level', async () => reportOf(await page(['isolation', '--store', server.url, '--level', 'serializable', '--json']))],
    ['isolation --fixes --format html', () => page(['isolation', '--store', server.url, '--fixes', '--trials', '2', '--format', 'html'])],
  ];
  it.each(postgresPages)('%s: no request, no console error, the chart above the table, a screenshot with ink', async (name, make) => {
    await expectAWorkingPage(opened.browser, name, await make());
  });
});

describe.skipIf(!executablePath || !canRunRedis)(`${title}: isolation on Redis`, () => {
  const server = serverFor(startRedis);
  const opened = browserFor();
  const redisPages: Array<[string, () => Promise<string>]> = [
    ['isolation --format html (Redis)', () => page(['isolation', '--store', server.url, '--format', 'html'])],
    ['report of isolation --json (Redis)', async () => reportOf(await page(['isolation', '--store', server.url, '--json']))],
  ];
  it.each(redisPages)('%s: no request, no console error, the chart above the table, a screenshot with ink', async (name, make) => {
    await expectAWorkingPage(opened.browser, name, await make());
  });
});
