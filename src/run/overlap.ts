// Did the workers of a trial run at the same time? A race needs two bodies
// inside their critical sections together; on a busy machine the scheduler
// may run them one after another, and then nothing can race. Each body notes
// when it started and ended on the machine's monotonic clock (shared by every
// thread and process; worker/span.ts), and a trial overlapped when two of
// those spans meet.
import { availableParallelism, loadavg } from 'node:os';

/** What the run measured: in how many trials the bodies overlapped, out of how many measured. */
export interface OverlapCount {
  trials: number;
  measured: number;
}

/** Races this rare (share of trials) count as rare... */
export const RARE_RACES = 0.5;
/** ...and are explained by the machine when the bodies overlapped in fewer than this share of trials. */
export const LOW_OVERLAP = 0.5;

export interface HintInput {
  lock: boolean;
  workers: number;
  races: number;
  trials: number;
  overlap: OverlapCount | undefined;
}

/** Whether to say "the workers seldom ran together": only an unlocked run with rare races and rare overlap. */
export function needsOverlapHint({ lock, workers, races, trials, overlap }: HintInput): boolean {
  if (lock || workers < 2 || trials === 0 || !overlap || overlap.measured === 0) return false;
  return races / trials < RARE_RACES && overlap.trials / overlap.measured < LOW_OVERLAP;
}

/** The hint line itself, with the machine's load and core count. */
export function overlapHint(overlap: OverlapCount, machine = { load: loadavg()[0] ?? 0, cores: availableParallelism() }): string {
  const share = Math.round((overlap.trials / overlap.measured) * 100);
  return (
    `hint: the workers ran at the same time in only ${share}% of trials (load ${machine.load.toFixed(1)} on ${machine.cores} ${machine.cores === 1 ? 'core' : 'cores'}): ` +
    'a race needs two workers in the critical section together. Try --window 0.1, or fewer other programs.'
  );
}
