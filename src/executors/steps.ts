// Trials one at a time: the coordinator resets the memory, every crew runs its
// part, and the coordinator reads the final values. The threads executor runs
// this way, so does any executor whose memory a worker cannot reset itself
// (Memory.local is false), and so do local and remote workers together. The processes
// executor's batches (processes/executor.ts) are the other way.
import { performance } from 'node:perf_hooks';
import { overlapped, type Span } from '../worker/span.js';
import type { TracedStep } from '../worker/steps.js';
import type { Crew, CrewResult, Executor, ExecutorMemory, Failure, TrialOutcome } from './executor.js';

export class TrialSteps implements Executor {
  constructor(
    private readonly memory: ExecutorMemory,
    private readonly crews: readonly Crew[],
  ) {}

  async *run(trials: number, signal?: AbortSignal): AsyncGenerator<TrialOutcome> {
    const stop = (): void => void this.close();
    signal?.addEventListener('abort', stop, { once: true });
    try {
      for (let trial = 1; trial <= trials && !signal?.aborted; trial++) {
        await this.memory.reset();
        if (signal?.aborted) return;
        const started = performance.now();
        const result = await this.runTrial(trial);
        if (signal?.aborted) return;
        if (result.state !== 'done') {
          yield result;
          return;
        }
        const ms = performance.now() - started;
        const image = await this.memory.snapshot();
        const measured = result.spans ? { overlapped: overlapped(result.spans) } : {};
        yield { state: 'completed', image, ms, ...measured, ...(result.steps ? { steps: result.steps } : {}) };
      }
    } finally {
      signal?.removeEventListener('abort', stop);
    }
  }

  /** Every crew's part of one trial. */
  async runTrial(trial: number): Promise<CrewResult> {
    const parts = this.crews.map((crew) => crew.runTrial(trial));
    // A crew whose worker crashed, threw or deadlocked ends the trial at once: the others may be waiting on
    // its lock. Hung crews are waited for, so that every worker that did not finish is named.
    const never = new Promise<never>(() => {});
    const failed = parts.map((part) => part.then((result) => (result.state === 'done' || result.state === 'hung' ? never : result)));
    const first = await Promise.race([Promise.all(parts), ...failed]);
    if (!Array.isArray(first)) return first;
    return combine(first);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.crews.map((crew) => crew.close()));
  }
}

/** The crews' parts as one: the first failure (every hung worker named), or done with all steps and, if every crew measured them, the spans. */
function combine(results: CrewResult[]): CrewResult {
  const failures = results.filter((result): result is Failure => result.state !== 'done');
  const hung = failures.filter((failure) => failure.state === 'hung');
  // A worker that hangs holding the lock makes the others hang too: name every worker that did not finish.
  if (hung.length > 1 && hung.length === failures.length) {
    return { ...hung[0]!, workers: hung.flatMap((failure) => failure.workers) } as Failure;
  }
  if (failures[0]) return failures[0];
  const done = results as Array<Extract<CrewResult, { state: 'done' }>>;
  const traced = done.some((result) => result.steps);
  const measured = done.every((result) => result.spans);
  const steps: TracedStep[] = done.flatMap((result) => result.steps ?? []);
  const spans: Span[] = done.flatMap((result) => result.spans ?? []);
  return { state: 'done', ...(traced ? { steps } : {}), ...(measured ? { spans } : {}) };
}
