// Aggregates over trials that stay small however many trials run: the outcome
// histogram, race and lost-update counts, and per-trial times (one float each).
import { canonicalKey } from './judge.js';
import type { Json } from './scenario.js';

export interface Outcome {
  final: Json;
  trials: number;
  share: number;
  raced: boolean;
  lost: number;
}

export class OutcomeHistogram {
  private readonly outcomes = new Map<string, Omit<Outcome, 'share'>>();
  private total = 0;

  add(final: Json, raced: boolean, lost: number): void {
    const key = canonicalKey(final);
    const outcome = this.outcomes.get(key);
    if (outcome) outcome.trials++;
    else this.outcomes.set(key, { final, trials: 1, raced, lost });
    this.total++;
  }

  /** Expected outcomes first, then the most frequent. */
  entries(): Outcome[] {
    return [...this.outcomes.values()]
      .map(({ final, trials, raced, lost }) => ({ final, trials, share: this.total ? round(trials / this.total, 4) : 0, raced, lost }))
      .sort((a, b) => Number(a.raced) - Number(b.raced) || b.trials - a.trials || a.lost - b.lost);
  }
}

export interface TimingSummary {
  totalMs: number;
  perTrialMs: { min: number; median: number; mean: number; max: number };
}

export class TrialTimes {
  private readonly times: Float64Array;
  private count = 0;

  constructor(capacity: number) {
    this.times = new Float64Array(capacity);
  }

  add(ms: number): void {
    this.times[this.count++] = ms;
  }

  summary(totalMs: number): TimingSummary {
    const sorted = this.times.slice(0, this.count).sort();
    const n = sorted.length;
    const mean = n ? sorted.reduce((sum, ms) => sum + ms, 0) / n : 0;
    const middle = n % 2 ? (sorted[(n - 1) / 2] ?? 0) : ((sorted[n / 2 - 1] ?? 0) + (sorted[n / 2] ?? 0)) / 2;
    return {
      totalMs: round(totalMs),
      perTrialMs: { min: round(sorted[0] ?? 0), median: round(middle), mean: round(mean), max: round(sorted[n - 1] ?? 0) },
    };
  }
}

export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
