// Headless Chromium from the system's packages, driven by playwright-core
// (which downloads no browser). Pages open from a file:// URL with every
// other request recorded and refused, and every console error recorded.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';

/** CHROMIUM_PATH when it exists, else chromium / chromium-browser on PATH; undefined when there is none. */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const path = execFileSync('which', [name], { encoding: 'utf8' }).trim();
      if (path) return path;
    } catch {
      // not on PATH: try the next name
    }
  }
  return undefined;
}

export async function launch(executablePath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  // --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}

export interface OpenedPage {
  page: Page;
  /** URLs the page asked for besides its own file. */
  requests: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
  close(): Promise<void>;
}

export async function openHtml(
  browser: Browser,
  htmlText: string,
  options: { javaScript?: boolean; colorScheme?: 'light' | 'dark'; width?: number } = {},
): Promise<OpenedPage> {
  const folder = mkdtempSync(join(tmpdir(), 'racedemo-html-'));
  const file = join(folder, 'report.html');
  writeFileSync(file, htmlText);
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript !== false,
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: options.width ?? 1280, height: 900 },
  });
  const requests = new Set<string>();
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    requests.add(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  page.on('request', (request) => {
    if (request.url() !== url) requests.add(request.url());
  });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url, { waitUntil: 'load' });
  return {
    page,
    get requests() {
      return [...requests];
    },
    errors,
    close: async () => {
      await context.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
