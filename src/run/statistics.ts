// Aggregates over trials that stay small however many trials run: the outcome
// histogram, race and lost-update counts, and per-trial times (one float each).
import { canonicalKey } from './judge.js';
import type { Json } from '../scenario/api.js';
import { round } from './round.js';
import { medianInterval95 } from './uncertainty.js';

export interface Outcome {
  final: Json;
  trials: number;
  share: number;
  raced: boolean;
  lost: number;
  /** 'expected', or what went wrong in the scenario's words ('lost 20', 'created 20'). */
  verdict: string;
}

export class OutcomeHistogram {
  private readonly outcomes = new Map<string, Omit<Outcome, 'share'>>();
  private total = 0;

  add(final: Json, raced: boolean, lost: number, verdict = raced ? 'race' : 'expected'): void {
    const key = canonicalKey(final);
    const outcome = this.outcomes.get(key);
    if (outcome) outcome.trials++;
    else this.outcomes.set(key, { final, trials: 1, raced, lost, verdict });
    this.total++;
  }

  /** Expected outcomes first, then the most frequent; `expected`, when given, is the first row even when no trial reached it. */
  entries(expected?: Json): Outcome[] {
    const outcomes = [...this.outcomes.values()];
    if (expected !== undefined && !this.outcomes.has(canonicalKey(expected))) {
      outcomes.push({ final: expected, trials: 0, raced: false, lost: 0, verdict: 'expected' });
    }
    return outcomes
      .map(({ final, trials, raced, lost, verdict }) => ({ final, trials, share: this.total ? round(trials / this.total, 4) : 0, raced, lost, verdict }))
      .sort((a, b) => Number(a.raced) - Number(b.raced) || b.trials - a.trials || a.lost - b.lost);
  }
}

export interface TimingSummary {
  totalMs: number;
  perTrialMs: { min: number; median: number; mean: number; max: number };
  /** The median's 95% interval (distribution-free), for the lock cost's interval. */
  medianCi95?: [number, number];
}

export class TrialTimes {
  private times: Float64Array;
  private count = 0;

  constructor(capacity: number) {
    this.times = new Float64Array(Math.max(1, capacity));
  }

  add(ms: number): void {
    // A run with --budget may go past its --trials: grow by doubling.
    if (this.count === this.times.length) {
      const grown = new Float64Array(this.times.length * 2);
      grown.set(this.times);
      this.times = grown;
    }
    this.times[this.count++] = ms;
  }

  /** The median's 95% interval. */
  medianCi95(): [number, number] {
    return medianInterval95(this.times.slice(0, this.count).sort());
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
