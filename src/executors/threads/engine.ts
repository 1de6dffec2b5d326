// Worker threads in one piscina pool of exactly `workers` threads, kept for the
// whole run. One task per thread per trial: with fewer threads than tasks the
// start barrier would wait forever, hence min = max threads, one concurrent
// task each and no idle timeout.
import { Piscina } from 'piscina';
import { messageOf, RunFailedError } from '../../errors.js';
import type { TracedStep } from '../../worker/steps.js';
import type { WorkerReport } from '../../worker/runtime.js';
import { STARTUP_MS, closeOnAbort, localWorkers, type Engine, type EngineSetup, type TrialOutcome } from '../executor.js';
import { withTimeout } from '../timeout.js';
import { ThreadControl } from './control.js';
import { watchForDeadlock } from '../../worker/deadlock.js';
import { lockNamesOf } from '../../scenario/lock-names.js';
import type { ThreadTask } from './worker.js';
import { overlapped, type Span } from '../../run/overlap.js';

const workerFile = new URL('./worker.js', import.meta.url).href;

export class ThreadsEngine implements Engine {
  readonly name = 'threads';
  private readonly memory: SharedArrayBuffer;
  private readonly memoryBytes: Uint8Array;
  private readonly control: ThreadControl;
  private readonly lockNames: string[];
  private readonly initialImage: Uint8Array;
  private closed = false;

  private constructor(
    private readonly setup: EngineSetup,
    private readonly pool: Piscina<ThreadTask, WorkerReport>,
  ) {
    this.memory = new SharedArrayBuffer(setup.layout.size);
    this.memoryBytes = new Uint8Array(this.memory);
    this.lockNames = lockNamesOf(setup.scenario);
    this.control = new ThreadControl(localWorkers(setup), this.lockNames.length);
    this.initialImage = setup.layout.initialImage();
  }

  static async start(setup: EngineSetup): Promise<ThreadsEngine> {
    const workers = localWorkers(setup);
    const pool = new Piscina<ThreadTask, WorkerReport>({
      filename: workerFile,
      minThreads: workers,
      maxThreads: workers,
      concurrentTasksPerWorker: 1,
      idleTimeout: Infinity,
      maxQueue: 'auto',
    });
    // Errors outside any task (a reply racing destroy(), a worker failing to start) would
    // otherwise crash the process; failures inside a trial reach runTrial() through its tasks.
    pool.on('error', () => {});
    const engine = new ThreadsEngine(setup, pool);
    await closeOnAbort(engine, setup.signal, () => engine.warmUp());
    return engine;
  }

  /** Imports the scenario in every thread before trial 1, so that trial 1 is timed like the others. */
  private async warmUp(): Promise<void> {
    const { timeoutMs } = this.setup;
    this.control.reset();
    const tasks = Array.from({ length: this.control.workers }, (_, index) => this.pool.run({ ...this.task(index + 1), warmUp: true }));
    const limit = timeoutMs + STARTUP_MS;
    const failure = await withTimeout(Promise.all(tasks), limit).then(
      (settled) => (settled === 'timeout' ? `the worker threads did not start within ${limit} ms` : undefined),
      (error: unknown) => `the worker threads could not start: ${messageOf(error)}`,
    );
    if (failure) {
      await this.close();
      throw new RunFailedError(failure);
    }
  }

  async runTrial(): Promise<TrialOutcome> {
    const { lock, trace, timeoutMs } = this.setup;
    this.memoryBytes.set(this.initialImage);
    this.control.reset();
    const started = performance.now();
    const steps: TracedStep[] = [];
    const spans: Span[] = [];
    const tasks = Array.from({ length: this.control.workers }, (_, index) =>
      this.pool.run(this.task(index + 1)).then(
        (report): TrialOutcome | undefined => {
          if (report.state === 'threw') return report;
          if (report.steps) steps.push(...report.steps);
          if (report.span) spans.push(report.span);
          return undefined;
        },
        (error: unknown): TrialOutcome => ({ state: 'crashed', worker: index + 1, message: messageOf(error) }),
      ),
    );
    // The first failure ends the trial: the others may be waiting on a lock the failed worker held.
    let stopWatching = (): void => {};
    const deadlock = new Promise<TrialOutcome>((resolve) => {
      if (lock && this.lockNames.length > 1) {
        stopWatching = watchForDeadlock(() => this.control.readBoard(), this.lockNames, (cycle) => resolve({ state: 'deadlocked', cycle }));
      }
    });
    const failed = await withTimeout(Promise.race([firstFailure(tasks), deadlock]), timeoutMs);
    stopWatching();
    if (failed === 'timeout') return { state: 'hung', workers: this.unfinishedWorkers(), afterMs: timeoutMs };
    if (failed) return failed;
    const ms = performance.now() - started;
    const image = this.memoryBytes.slice();
    return { state: 'completed', image, ms, overlapped: overlapped(spans), ...(trace ? { steps } : {}) };
  }

  private task(worker: number): ThreadTask {
    const { options, scenarioUrl, lock, trace, store } = this.setup;
    const { workers, buffer: control } = this.control;
    return { scenarioUrl, options, workers, lock, trace, worker, memory: this.memory, control, ...(store ? { store } : {}) };
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
function firstFailure(tasks: Promise<TrialOutcome | undefined>[]): Promise<TrialOutcome | undefined> {
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

