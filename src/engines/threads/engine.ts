// Worker threads in one piscina pool of exactly `workers` threads, kept for the
// whole run. One task per thread per trial: with fewer threads than tasks the
// start barrier would wait forever, hence min = max threads, one concurrent
// task each and no idle timeout.
import { Piscina } from 'piscina';
import type { WorkerReport } from '../../worker-runtime.js';
import type { Engine, EngineSetup, TrialOutcome } from '../engine.js';
import { withTimeout } from '../timeout.js';
import { createControl, finishedIndex, resetControl } from './control.js';
import type { ThreadTask } from './worker.js';

const workerFile = new URL('./worker.js', import.meta.url).href;

export class ThreadsEngine implements Engine {
  readonly name = 'threads';
  private readonly memory: SharedArrayBuffer;
  private readonly memoryBytes: Uint8Array;
  private readonly control: Int32Array;
  private readonly initialImage: Uint8Array;
  private closed = false;

  private constructor(
    private readonly setup: EngineSetup,
    private readonly pool: Piscina<ThreadTask, WorkerReport>,
  ) {
    this.memory = new SharedArrayBuffer(setup.layout.size);
    this.memoryBytes = new Uint8Array(this.memory);
    this.control = createControl(setup.options.workers);
    this.initialImage = setup.layout.initialImage();
  }

  static async start(setup: EngineSetup): Promise<ThreadsEngine> {
    const { workers } = setup.options;
    const pool = new Piscina<ThreadTask, WorkerReport>({
      filename: workerFile,
      minThreads: workers,
      maxThreads: workers,
      concurrentTasksPerWorker: 1,
      idleTimeout: Infinity,
      maxQueue: 'auto',
    });
    return new ThreadsEngine(setup, pool);
  }

  async runTrial(): Promise<TrialOutcome> {
    const { options, scenarioUrl, lock, timeoutMs } = this.setup;
    this.memoryBytes.set(this.initialImage);
    resetControl(this.control);
    const started = performance.now();
    const tasks = Array.from({ length: options.workers }, (_, index) =>
      this.pool
        .run({ scenarioUrl, options, lock, worker: index + 1, memory: this.memory, control: this.control.buffer as SharedArrayBuffer })
        .catch((error: unknown): TrialOutcome => ({
          state: 'crashed',
          worker: index + 1,
          message: error instanceof Error ? error.message : String(error),
        })),
    );
    const settled = await withTimeout(Promise.all(tasks), timeoutMs);
    if (settled === 'timeout') {
      return { state: 'hung', workers: this.unfinishedWorkers(), afterMs: timeoutMs };
    }
    const ms = performance.now() - started;
    for (const result of settled) {
      if ('state' in result && result.state === 'crashed') return result;
      if (result.state === 'threw') return result;
    }
    return { state: 'completed', image: this.memoryBytes.slice(), ms };
  }

  private unfinishedWorkers(): number[] {
    const unfinished: number[] = [];
    for (let worker = 1; worker <= this.setup.options.workers; worker++) {
      if (Atomics.load(this.control, finishedIndex(worker)) === 0) unfinished.push(worker);
    }
    return unfinished;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.destroy();
  }
}
