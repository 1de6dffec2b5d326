// What a run keeps of its trials, however many run: the outcome histogram,
// the race and lost-update counts, the per-trial times and how often the
// workers overlapped; and the run's summary fields made from them.
import type { Json } from '../scenario/api.js';
import { round } from './round.js';
import { OutcomeHistogram, TrialTimes, type Outcome, type TimingSummary } from './statistics.js';
import { wilson95 } from './uncertainty.js';

/** One judged trial, as the tally takes it. */
export interface JudgedTrial {
  final: Json;
  raced: boolean;
  lost: number;
  /** 'expected', or what went wrong in the scenario's words. */
  verdict: string;
  ms: number;
  overlapped?: boolean;
}

/** The summary fields of a run document that come from its trials. */
export interface TallySummary {
  outcomes: Outcome[];
  races: { count: number; rate: number; ci95: [number, number] };
  lostUpdates: { total: number; mean: number; max: number };
  timing: TimingSummary;
  overlap?: { trials: number; share: number };
}

export class RunTally {
  private readonly histogram = new OutcomeHistogram();
  private readonly times: TrialTimes;
  private trials = 0;
  races = 0;
  private lostTotal = 0;
  private lostMax = 0;
  private overlapped = 0;
  private measured = 0;

  constructor(expectedTrials: number) {
    this.times = new TrialTimes(expectedTrials);
  }

  add(trial: JudgedTrial): void {
    this.trials++;
    this.histogram.add(trial.final, trial.raced, trial.lost, trial.verdict);
    this.times.add(trial.ms);
    if (trial.raced) this.races++;
    this.lostTotal += trial.lost;
    this.lostMax = Math.max(this.lostMax, trial.lost);
    if (trial.overlapped !== undefined) {
      this.measured++;
      if (trial.overlapped) this.overlapped++;
    }
  }

  /** `expected` is the first outcome even when no trial reached it; overlap is left out when no trial measured it. */
  summary(expected: Json, totalMs: number): TallySummary {
    const { trials, races, lostTotal } = this;
    return {
      outcomes: this.histogram.entries(expected),
      races: { count: races, rate: trials ? round(races / trials, 4) : 0, ci95: wilson95(races, trials) },
      lostUpdates: { total: lostTotal, mean: trials ? round(lostTotal / trials) : 0, max: this.lostMax },
      timing: { ...this.times.summary(totalMs), medianCi95: this.times.medianCi95() },
      ...(this.measured > 0 ? { overlap: { trials: this.overlapped, share: round(this.overlapped / this.measured, 4) } } : {}),
    };
  }
}
