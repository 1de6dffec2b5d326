// Checks that hold for every run document (docs/output.md, --json): the counts
// agree with each other and with the outcome histogram, exactly.
import { expect } from 'vitest';

interface Outcome {
  final: unknown;
  trials: number;
  share: number;
  raced: boolean;
  lost: number;
}

export interface RunDocument {
  scenario: string;
  engine: string;
  lock: boolean;
  options: { trials: number; workers: number; iterations: number; window: number; pause: number; timeout: number };
  expected: unknown;
  outcomes: Outcome[];
  races: { count: number; rate: number };
  lostUpdates: { total: number; mean: number; max: number };
  timing: { totalMs: number; perTrialMs: { min: number; median: number; mean: number; max: number } };
  store?: { kind: string; lock: string; remoteWorkers: number };
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

export function expectConsistentRun(run: RunDocument): void {
  const { trials } = run.options;
  const sum = (pick: (outcome: Outcome) => number): number => run.outcomes.reduce((total, outcome) => total + pick(outcome), 0);
  expect(sum((outcome) => outcome.trials)).toBe(trials);
  for (const outcome of run.outcomes) {
    expect(outcome.share).toBe(round(outcome.trials / trials, 4));
    if (outcome.raced) expect(outcome.final).not.toEqual(run.expected);
    else expect(outcome).toMatchObject({ final: run.expected, lost: 0 });
  }
  expect(new Set(run.outcomes.map((outcome) => JSON.stringify(outcome.final))).size).toBe(run.outcomes.length);
  const races = sum((outcome) => (outcome.raced ? outcome.trials : 0));
  expect(run.races).toMatchObject({ count: races, rate: round(races / trials, 4) });
  const lost = sum((outcome) => outcome.trials * outcome.lost);
  expect(run.lostUpdates).toEqual({ total: lost, mean: round(lost / trials, 3), max: Math.max(0, ...run.outcomes.map((outcome) => outcome.lost)) });
  const { min, median, mean, max } = run.timing.perTrialMs;
  expect(min).toBeLessThanOrEqual(median);
  expect(median).toBeLessThanOrEqual(max);
  expect(mean).toBeGreaterThanOrEqual(min);
  expect(mean).toBeLessThanOrEqual(max);
}
