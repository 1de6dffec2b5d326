// How sure a run's figures are: the race rate's 95% interval (Wilson), how
// many trials make a race near-certain at that rate, and the lock's cost as a
// ratio of median trial times with an interval from each median's own.
import { round } from './round.js';

const Z95 = 1.959964;

/** Wilson's 95% interval for `count` successes in `trials`: honest at 0 and at every trial. Unrounded (litmus rates go down to 1e-8). */
export function wilsonInterval(count: number, trials: number): [number, number] {
  if (trials === 0) return [0, 1];
  const p = count / trials;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** The race rate's interval as runs report it: rounded to 4 places. */
export function wilson95(count: number, trials: number): [number, number] {
  const [low, high] = wilsonInterval(count, trials);
  return [round(low, 4), round(high, 4)];
}

/** Trials needed to see at least one race with probability `certainty` when each races with probability `rate`. */
export function trialsToSee(rate: number, certainty = 0.99): number {
  if (rate <= 0) return Infinity;
  if (rate >= 1) return 1;
  return Math.ceil(Math.log(1 - certainty) / Math.log(1 - rate));
}

/**
 * A distribution-free 95% interval for the median of sorted values: the order
 * statistics n/2 ± 1.96·√n/2 (binomial, normal approximation).
 */
export function medianInterval95(sorted: ArrayLike<number>): [number, number] {
  const n = sorted.length;
  if (n === 0) return [0, 0];
  const spread = (Z95 * Math.sqrt(n)) / 2;
  const low = Math.max(1, Math.floor(n / 2 - spread));
  const high = Math.min(n, Math.ceil(n / 2 + spread + 1));
  return [round(sorted[low - 1] ?? 0), round(sorted[high - 1] ?? 0)];
}

/** The lock's cost: median time with the lock over median time without, and the range the two medians' intervals allow. */
export interface LockCostInterval {
  medianRatio: number;
  ci95: [number, number];
  /** The interval includes 1: these trials cannot tell the lock's cost from no cost. */
  withinNoise: boolean;
}

type Medians = { median: number; medianCi95: [number, number] };

export function lockCostInterval(unlocked: Medians, locked: Medians): LockCostInterval {
  const ratio = (a: number, b: number): number => (b > 0 ? a / b : Infinity);
  const lo = ratio(locked.medianCi95[0], unlocked.medianCi95[1]);
  const hi = ratio(locked.medianCi95[1], unlocked.medianCi95[0]);
  const finite = (value: number): number => (Number.isFinite(value) ? round(value, 2) : 0);
  return { medianRatio: finite(ratio(locked.median, unlocked.median)), ci95: [finite(lo), finite(hi)], withinNoise: lo <= 1 && 1 <= hi };
}
