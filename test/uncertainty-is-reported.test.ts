// The race rate with its 95% interval (Wilson), the trials that make a race
// near-certain, and --compare's lock cost with an interval that says when it
// is within noise: exact values for the arithmetic, the fields end-to-end.
import { describe, expect, it } from 'vitest';
import { lockCostInterval, medianInterval95, trialsToSee, wilson95 } from '../dist/src/run/uncertainty.js';
import { racedemo } from './cli.js';

describe('wilson95()', () => {
  it('matches the published values: 0/20, 0/50, 43/50, 20/20', () => {
    expect(wilson95(0, 20)).toEqual([0, 0.1611]);
    expect(wilson95(0, 50)).toEqual([0, 0.0713]);
    expect(wilson95(43, 50)).toEqual([0.7381, 0.9305]);
    expect(wilson95(20, 20)).toEqual([0.8389, 1]);
  });
});

describe('trialsToSee()', () => {
  it('at 24% a race is 99% sure within 17 trials, at 50% within 7, at 100% in 1', () => {
    expect(trialsToSee(0.24)).toBe(17);
    expect(trialsToSee(0.5)).toBe(7);
    expect(trialsToSee(1)).toBe(1);
    expect(trialsToSee(0)).toBe(Infinity);
  });
});

describe('the lock cost interval', () => {
  it("a median's interval from 100 sorted values is the 40th and 61st", () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(medianInterval95(values)).toEqual([40, 61]);
  });
  it('overlapping medians: within noise; well apart: not', () => {
    const without = { median: 1, medianCi95: [0.9, 1.1] as [number, number] };
    expect(lockCostInterval(without, { median: 0.95, medianCi95: [0.85, 1.05] })).toEqual({ medianRatio: 0.95, ci95: [0.77, 1.17], withinNoise: true });
    expect(lockCostInterval(without, { median: 2, medianCi95: [1.8, 2.2] })).toEqual({ medianRatio: 2, ci95: [1.64, 2.44], withinNoise: false });
  });
});

describe('end to end', () => {
  it('a locked run of 20 trials: races.ci95 is [0, 0.1611], and the footer says so', async () => {
    const json = await racedemo(['run', 'thread-counter', '--trials', '20', '--json']);
    expect(JSON.parse(json.stdout).races).toEqual({ count: 0, rate: 0, ci95: [0, 0.1611] });
    const table = await racedemo(['run', 'thread-counter', '--trials', '20']);
    expect(table.stdout).toContain('races in 0/20 trials (0.0%, 95% CI 0.0–16.1%)');
  });

  it('--compare: lockCostInterval in JSON and its line in the table', async () => {
    const json = await racedemo(['run', 'thread-counter', '--compare', '--trials', '10', '--json']);
    const { lockCostInterval: interval } = JSON.parse(json.stdout) as { lockCostInterval: { medianRatio: number; ci95: number[]; withinNoise: boolean } };
    expect(interval.ci95[0]).toBeLessThanOrEqual(interval.medianRatio);
    expect(interval.ci95[1]).toBeGreaterThanOrEqual(interval.medianRatio);
    expect(interval.withinNoise).toBe(interval.ci95[0]! <= 1 && interval.ci95[1]! >= 1);
    const table = await racedemo(['run', 'thread-counter', '--compare', '--trials', '10']);
    expect(table.stdout).toMatch(/lock cost: ×[\d.]+ median time per trial, 95% interval ×[\d.]+–×[\d.]+(: within noise)?\n/);
    expect(table.stdout).toMatch(/to see a race with 99% probability at this rate, run about \d+ trials?\n|no race in 10 trials/);
  });
});
