// Worker threads in one piscina pool of exactly `workers` threads, kept for the
// whole run. One task per thread per trial: with fewer threads than tasks the
// start barrier would wait forever, hence min = max threads, one concurrent
// task each and no idle timeout. Trials run one at a time (executors/steps.ts):
// a trial costs a task round trip, which is cheap between threads.
import { Piscina } from 'piscina';
import { messageOf, RunFailedError } from '../../errors.js';
import type { TracedStep } from '../../worker/steps.js';
import type { WorkerReport } from '../../worker/runtime.js';
import { STARTUP_MS, closeOnAbort, type CrewResult, type Executor, type ExecutorMemory, type ExecutorSpec, type Failure, type TrialOutcome } from '../executor.js';
import { TrialSteps } from '../steps.js';
import { withTimeout } from '../timeout.js';
import { ThreadControl } from './control.js';
import { watchForDeadlock } from '../../worker/deadlock.js';
import type { ThreadTask } from './task.js';
import type { Span } from '../../worker/span.js';

const taskFile = new URL('./task.js', import.meta.url).href;

export class ThreadsExecutor implements Executor {
  private readonly control: ThreadControl;
  private readonly steps: TrialSteps;
  private closed = false;

  private constructor(
    private readonly spec: ExecutorSpec,
    private readonly memory: ExecutorMemory,
    private readonly pool: Piscina<ThreadTask, WorkerReport>,
  ) {
    this.control = new ThreadControl(spec.workers, spec.lockNames.length);
    this.steps = new TrialSteps(memory, [this]);
  }

  static async start(spec: ExecutorSpec, memory: ExecutorMemory): Promise<ThreadsExecutor> {
    const pool = new Piscina<ThreadTask, WorkerReport>({
      filename: taskFile,
      minThreads: spec.workers,
      maxThreads: spec.workers,
      concurrentTasksPerWorker: 1,
      idleTimeout: Infinity,
      maxQueue: 'auto',
    });
    // Errors outside any task (a reply racing destroy(), a worker failing to start) would
    // otherwise crash the process; failures inside a trial reach runTrial() through its tasks.
    pool.on('error', () => {});
    const executor = new ThreadsExecutor(spec, memory, pool);
    await closeOnAbort(executor, spec.signal, () => executor.warmUp());
    return executor;
  }

  /** Imports the scenario in every thread before trial 1, so that trial 1 is timed like the others. */
  private async warmUp(): Promise<void> {
    this.control.reset();
    const tasks = Array.from({ length: this.control.workers }, (_, index) => this.pool.run({ ...this.task(index + 1), warmUp: true }));
    const limit = this.spec.timeoutMs + STARTUP_MS;
    const failure = await withTimeout(Promise.all(tasks), limit).then(
      (settled) => (settled === 'timeout' ? `the worker threads did not start within ${limit} ms` : undefined),
      (error: unknown) => `the worker threads could not start: ${messageOf(error)}`,
    );
    if (failure) {
      await this.close();
      throw new RunFailedError(failure);
    }
  }

  run(trials: number, signal?: AbortSignal): AsyncIterable<TrialOutcome> {
    return this.steps.run(trials, signal);
  }

  async runTrial(): Promise<CrewResult> {
    const { lockNames, watchDeadlock, timeoutMs } = this.spec;
    this.control.reset();
    const steps: TracedStep[] = [];
    const spans: Span[] = [];
    const tasks = Array.from({ length: this.control.workers }, (_, index) =>
      this.pool.run(this.task(index + 1)).then(
        (report): Failure | undefined => {
          if (report.state === 'threw') return report;
          if (report.steps) steps.push(...report.steps);
          if (report.span) spans.push(report.span);
          return undefined;
        },
        (error: unknown): Failure => ({ state: 'crashed', worker: index + 1, message: messageOf(error) }),
      ),
    );
    // The first failure ends the trial: the others may be waiting on a lock the failed worker held.
    let stopWatching = (): void => {};
    const deadlock = new Promise<Failure>((resolve) => {
      if (watchDeadlock) stopWatching = watchForDeadlock(() => this.control.readBoard(), lockNames, (cycle) => resolve({ state: 'deadlocked', cycle }));
    });
    const failed = await withTimeout(Promise.race([firstFailure(tasks), deadlock]), timeoutMs);
    stopWatching();
    if (failed === 'timeout') return { state: 'hung', workers: this.unfinishedWorkers(), afterMs: timeoutMs };
    return failed ?? { state: 'done', spans, ...(this.spec.trace ? { steps } : {}) };
  }

  private task(worker: number): ThreadTask {
    const { scenarioUrl, options, lock, trace, watchDeadlock } = this.spec;
    const { workers, buffer: control } = this.control;
    return { scenarioUrl, options, workers, lock, watchDeadlock, trace, worker, memory: this.memory.spec, control };
  }

  private unfinishedWorkers(): number[] {
    const unfinished: number[] = [];
    for (let worker = 1; worker <= this.control.workers; worker++) {
      if (Atomics.load(this.control.words, this.control.finishedIndex(worker)) === 0) unfinished.push(worker);
    }
    return unfinished;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.destroy();
  }
}

/** Resolves with the first failure among `tasks`, or undefined once all have succeeded. */
function firstFailure(tasks: Promise<Failure | undefined>[]): Promise<Failure | undefined> {
  return new Promise((resolve) => {
    let pending = tasks.length;
    for (const task of tasks) {
      void task.then((failure) => {
        if (failure) resolve(failure);
        else if (--pending === 0) resolve(undefined);
      });
    }
  });
}
