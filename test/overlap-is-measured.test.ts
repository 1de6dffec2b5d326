// Whether the workers' bodies ran at the same time, per trial: measured on the
// shared monotonic clock by every engine and through a store, reported as
// `overlap` in the JSON document, and the hint's decision made exactly.
import { describe, expect, it } from 'vitest';
import { needsOverlapHint, overlapHint } from '../dist/src/run/overlap.js';
import { overlapped } from '../dist/src/worker/span.js';
import { racedemo } from './cli.js';
import { canRunRedis, serverFor, startRedis } from './stores/servers.js';

const fixture = new URL('./fixtures/waits-for-the-others.mjs', import.meta.url).pathname;

describe('overlapped()', () => {
  it('two spans that share a moment overlap; one after the other do not', () => {
    expect(overlapped([{ startUs: 0, endUs: 10 }, { startUs: 5, endUs: 20 }])).toBe(true);
    expect(overlapped([{ startUs: 10, endUs: 20 }, { startUs: 0, endUs: 10 }])).toBe(false);
    expect(overlapped([{ startUs: 0, endUs: 5 }, { startUs: 6, endUs: 9 }, { startUs: 8, endUs: 12 }])).toBe(true);
    expect(overlapped([{ startUs: 0, endUs: 5 }])).toBe(false);
  });
});

describe('the hint: rare races and rare overlap', () => {
  const loaded = { lock: false, workers: 2, races: 3, trials: 50, overlap: { trials: 4, measured: 50 } };
  it('shows on a loaded machine: 3 races and 4 overlapping trials in 50', () => {
    expect(needsOverlapHint(loaded)).toBe(true);
  });
  it('does not show on an idle one: the bodies overlapped in 47 of 50 trials', () => {
    expect(needsOverlapHint({ ...loaded, races: 45, overlap: { trials: 47, measured: 50 } })).toBe(false);
  });
  it('does not show when the bodies overlapped but seldom raced (the window is the lesson then)', () => {
    expect(needsOverlapHint({ ...loaded, overlap: { trials: 48, measured: 50 } })).toBe(false);
  });
  it('does not show with the lock, with one worker, or without a measurement', () => {
    expect(needsOverlapHint({ ...loaded, lock: true })).toBe(false);
    expect(needsOverlapHint({ ...loaded, workers: 1 })).toBe(false);
    expect(needsOverlapHint({ ...loaded, overlap: undefined })).toBe(false);
  });
  it('names the load, the cores and what to try', () => {
    expect(overlapHint({ trials: 4, measured: 50 }, { load: 12.25, cores: 2 })).toBe(
      'hint: the workers ran at the same time in only 8% of trials (load 12.3 on 2 cores): ' +
        'a race needs two workers in the critical section together. Try --window 0.1, or fewer other programs.',
    );
  });
});

async function overlapOf(args: string[]): Promise<unknown> {
  const result = await racedemo(['run', fixture, '--trials', '5', '--json', ...args]);
  expect(result.stderr).toBe('');
  return (JSON.parse(result.stdout) as { overlap?: unknown }).overlap;
}

describe('overlap in the JSON document', () => {
  for (const engine of ['threads', 'processes']) {
    it(`on ${engine}: bodies that wait for each other overlap in every trial`, async () => {
      expect(await overlapOf(['--engine', engine, '--no-lock'])).toEqual({ trials: 5, share: 1 });
    });
  }

  describe.skipIf(!canRunRedis)('through a store', () => {
    const server = serverFor(startRedis);
    it('on processes with --store redis, too', async () => {
      expect(await overlapOf(['--engine', 'processes', '--store', server.url, '--no-lock'])).toEqual({ trials: 5, share: 1 });
    });
  });
});
