// The steps of an interleaving, as the explorer's witnesses and --trace
// record them, and the search for the write that lost an update: a worker
// writes a location that another worker wrote since this worker's own read
// of it, so the other worker's update is overwritten from a stale read.
import type { AccessEvent } from '../memory/handles.js';

/** At most this many steps are traced per worker and trial: a trace is for reading. */
export const TRACE_LIMIT = 2000;

/** One move of one worker. */
export type Step = { worker: number } & ({ op: 'acquire'; lock?: string } | AccessEvent);

/** A step with the system-wide monotonic time it happened at (process.hrtime.bigint()). */
export type TracedStep = Step & { t: bigint };

/** Step index → a note such as "✗ overwrites worker 2's write". */
export function lostUpdateMarks(steps: readonly Step[]): Map<number, string> {
  const marks = new Map<number, string>();
  const location = (step: Step): string => (step.op === 'acquire' ? '' : `${step.slot}#${step.index ?? ''}`);
  steps.forEach((step, index) => {
    if (step.op !== 'write') return;
    const where = location(step);
    let overwritten: number | undefined;
    for (let earlier = index - 1; earlier >= 0; earlier--) {
      const before = steps[earlier];
      if (!before || before.op === 'acquire' || location(before) !== where) continue;
      if (before.worker === step.worker) {
        if (before.op === 'read') break;
        continue;
      }
      if (before.op === 'write') overwritten ??= before.worker;
    }
    if (overwritten !== undefined) marks.set(index, `✗ overwrites worker ${overwritten}'s write`);
  });
  return marks;
}
