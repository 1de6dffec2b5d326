// The aggregates, exactly: outcome histogram, per-trial times, lost updates
// (shortfall) and the keys that group equal final values.
import { describe, expect, it } from 'vitest';
import { canonicalKey, judgeTrial, shortfall } from '../dist/src/run/judge.js';
import { defineScenario, float64, int32, bytes } from '../dist/src/scenario/api.js';
import { round } from '../dist/src/run/round.js';
import { OutcomeHistogram, TrialTimes } from '../dist/src/run/statistics.js';

describe('OutcomeHistogram', () => {
  it('groups equal finals, puts expected first, then the most frequent', () => {
    const histogram = new OutcomeHistogram();
    histogram.add({ n: 1 }, true, 1);
    histogram.add({ n: 0 }, true, 2);
    histogram.add({ n: 1 }, true, 1);
    histogram.add({ n: 2 }, false, 0);
    expect(histogram.entries()).toEqual([
      { final: { n: 2 }, trials: 1, share: 0.25, raced: false, lost: 0, verdict: 'expected' },
      { final: { n: 1 }, trials: 2, share: 0.5, raced: true, lost: 1, verdict: 'race' },
      { final: { n: 0 }, trials: 1, share: 0.25, raced: true, lost: 2, verdict: 'race' },
    ]);
  });

  it('the expected outcome comes first even when it is the rarest', () => {
    const histogram = new OutcomeHistogram();
    for (let i = 0; i < 5; i++) histogram.add({ counter: 19 }, true, 1);
    histogram.add({ counter: 20 }, false, 0);
    expect(histogram.entries().map((outcome) => outcome.final)).toEqual([{ counter: 20 }, { counter: 19 }]);
  });

  it('equal finals with their keys in another order are one outcome', () => {
    const histogram = new OutcomeHistogram();
    histogram.add({ a: 1, b: [2, 3] }, true, 1);
    histogram.add({ b: [2, 3], a: 1 }, true, 1);
    expect(histogram.entries()).toEqual([{ final: { a: 1, b: [2, 3] }, trials: 2, share: 1, raced: true, lost: 1, verdict: 'race' }]);
  });

  it('shares are rounded to 4 digits: thirds are 0.3333', () => {
    const histogram = new OutcomeHistogram();
    histogram.add({ n: 1 }, true, 1);
    histogram.add({ n: 2 }, true, 2);
    histogram.add({ n: 3 }, false, 0);
    expect(histogram.entries().map((outcome) => outcome.share)).toEqual([0.3333, 0.3333, 0.3333]);
  });

  it('an empty histogram has no entries', () => {
    expect(new OutcomeHistogram().entries()).toEqual([]);
  });
});

describe('TrialTimes', () => {
  it('an even count: min, median (mean of the middle two), mean and max', () => {
    const times = new TrialTimes(4);
    for (const ms of [4, 1, 3, 2]) times.add(ms);
    expect(times.summary(12.5)).toEqual({ totalMs: 12.5, perTrialMs: { min: 1, median: 2.5, mean: 2.5, max: 4 } });
  });

  it('an odd count: the middle value is the median', () => {
    const times = new TrialTimes(5);
    for (const ms of [10, 1, 7, 3, 4]) times.add(ms);
    expect(times.summary(30)).toEqual({ totalMs: 30, perTrialMs: { min: 1, median: 4, mean: 5, max: 10 } });
  });

  it('sorts numerically, not as text (10 after 9)', () => {
    const times = new TrialTimes(3);
    for (const ms of [9, 10, 100]) times.add(ms);
    expect(times.summary(119).perTrialMs).toEqual({ min: 9, median: 10, mean: 39.667, max: 100 });
  });

  it('values are rounded to 3 digits', () => {
    const times = new TrialTimes(1);
    times.add(1.23456);
    expect(times.summary(1.23456)).toEqual({ totalMs: 1.235, perTrialMs: { min: 1.235, median: 1.235, mean: 1.235, max: 1.235 } });
  });

  it('no trials: all zero', () => {
    expect(new TrialTimes(0).summary(0)).toEqual({ totalMs: 0, perTrialMs: { min: 0, median: 0, mean: 0, max: 0 } });
  });
});

describe('shortfall (lost updates)', () => {
  it('is the sum of expected − final over every number', () => {
    expect(shortfall({ numbers: [200, 300, 400] }, { numbers: [198, 299, 399] })).toBe(4);
    expect(shortfall({ counter: 2 }, { counter: 1 })).toBe(1);
    expect(shortfall({ counter: 20 }, { counter: 20 })).toBe(0);
  });

  it('counts extra updates as negative', () => {
    expect(shortfall({ value: 200 }, { value: 203 })).toBe(-3);
  });

  it('adds up across several slots', () => {
    expect(shortfall({ a: 10, b: [1, 2] }, { a: 7, b: [0, 2] })).toBe(4);
  });
});

describe('canonicalKey', () => {
  it('ignores the order of object keys, at every depth', () => {
    expect(canonicalKey({ a: 1, b: [2, 3] })).toBe(canonicalKey({ b: [2, 3], a: 1 }));
    expect(canonicalKey({ x: { p: 1, q: 2 } })).toBe(canonicalKey({ x: { q: 2, p: 1 } }));
  });

  it('tells different values apart, array order included', () => {
    expect(canonicalKey({ a: 1 })).not.toBe(canonicalKey({ a: 2 }));
    expect(canonicalKey({ a: [1, 2] })).not.toBe(canonicalKey({ a: [2, 1] }));
  });
});

describe('the default judge', () => {
  const scenario = defineScenario({
    name: 'judged',
    summary: 'a judge test',
    engine: 'threads',
    defaults: { workers: 2, iterations: 10, window: 0, pause: 0 },
    memory: () => ({ counter: int32(0), numbers: float64([0, 100]), text: bytes(8) }),
    expected: ({ workers, iterations }) => ({ counter: workers * iterations, numbers: [workers * iterations, 100 + workers * iterations] }),
    async worker() {},
  });
  const options = scenario.defaults;
  const memory = (values: Record<string, unknown>) => values as Parameters<typeof judgeTrial>[1];

  it('judges the numeric slots against the expected value, leaving out byte buffers', () => {
    const judged = judgeTrial(scenario, memory({ counter: 17, numbers: [19, 120], text: 'ignored' }), scenario.expected(options), options);
    expect(judged).toEqual({ final: { counter: 17, numbers: [19, 120] }, lost: 4 });
  });

  it('an exact run loses nothing', () => {
    const judged = judgeTrial(scenario, memory({ counter: 20, numbers: [20, 120], text: '' }), scenario.expected(options), options);
    expect(judged).toEqual({ final: { counter: 20, numbers: [20, 120] }, lost: 0 });
  });
});

it('round: to 3 digits by default', () => {
  expect(round(2 / 3)).toBe(0.667);
  expect(round(2 / 3, 4)).toBe(0.6667);
});
