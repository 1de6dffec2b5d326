// Pages for the browser tests, made the way a user makes them: racedemo's
// own commands with --format html, and `racedemo report` on saved files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { racedemo } from './cli.js';

export const fixture = (name: string): string => new URL(`./fixtures/documents/${name}`, import.meta.url).pathname;

/** stdout of `racedemo args…`, which must exit 0 with nothing on stderr. */
export async function page(args: string[]): Promise<string> {
  const { code, stdout, stderr } = await racedemo(args);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return stdout;
}

/** `racedemo report` on `text` saved to a file. */
export async function reportOf(text: string): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'racedemo-report-'));
  try {
    const file = join(folder, 'results.ndjson');
    writeFileSync(file, text);
    return await page(['report', file]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Distinct colours in a PNG and the share of pixels unlike its top-left one, decoded by the browser. */
export async function pixelStats(browser: Browser, png: Buffer): Promise<{ colours: number; inked: number }> {
  const context = await browser.newContext();
  try {
    const blank: Page = await context.newPage();
    return await blank.evaluate(async (base64) => {
      const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const drawing = canvas.getContext('2d');
      if (!drawing) throw new Error('no 2d context');
      drawing.drawImage(bitmap, 0, 0);
      const data = drawing.getImageData(0, 0, bitmap.width, bitmap.height).data;
      const colours = new Set<number>();
      let inked = 0;
      for (let index = 0; index < data.length; index += 4) {
        const colour = ((data[index] ?? 0) << 16) | ((data[index + 1] ?? 0) << 8) | (data[index + 2] ?? 0);
        colours.add(colour);
        if (colour !== (((data[0] ?? 0) << 16) | ((data[1] ?? 0) << 8) | (data[2] ?? 0))) inked++;
      }
      return { colours: colours.size, inked: inked / (data.length / 4) };
    }, png.toString('base64'));
  } finally {
    await context.close();
  }
}
