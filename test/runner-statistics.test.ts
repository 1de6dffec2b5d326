// The aggregates: outcome histogram, per-trial times, lost updates, keys.
import { expect, it } from 'vitest';
import { canonicalKey, shortfall } from '../dist/src/judge.js';
import { OutcomeHistogram, TrialTimes } from '../dist/src/statistics.js';

it('the histogram groups equal finals, puts expected first, then the most frequent', () => {
  const histogram = new OutcomeHistogram();
  histogram.add({ n: 1 }, true, 1);
  histogram.add({ n: 0 }, true, 2);
  histogram.add({ n: 1 }, true, 1);
  histogram.add({ n: 2 }, false, 0);
  expect(histogram.entries()).toEqual([
    { final: { n: 2 }, trials: 1, share: 0.25, raced: false, lost: 0 },
    { final: { n: 1 }, trials: 2, share: 0.5, raced: true, lost: 1 },
    { final: { n: 0 }, trials: 1, share: 0.25, raced: true, lost: 2 },
  ]);
});

it('trial times: min, median, mean and max', () => {
  const times = new TrialTimes(4);
  for (const ms of [4, 1, 3, 2]) times.add(ms);
  expect(times.summary(12.5)).toEqual({ totalMs: 12.5, perTrialMs: { min: 1, median: 2.5, mean: 2.5, max: 4 } });
});

it('lost updates: the sum of expected − final over every number', () => {
  expect(shortfall({ numbers: [200, 300, 400] }, { numbers: [198, 299, 399] })).toBe(4);
  expect(shortfall({ counter: 2 }, { counter: 1 })).toBe(1);
});

it('canonical keys ignore the order of object keys', () => {
  expect(canonicalKey({ a: 1, b: [2, 3] })).toBe(canonicalKey({ b: [2, 3], a: 1 }));
  expect(canonicalKey({ a: 1 })).not.toBe(canonicalKey({ a: 2 }));
});
