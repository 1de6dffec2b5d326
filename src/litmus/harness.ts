// The parent side of a litmus run: allocates the shared instances, starts one
// worker thread per actor (raw workers, or a piscina pool for comparison),
// stops them on the sample budget, the time limit or an abort, and merges the
// actors' histograms.
import { Worker } from 'node:worker_threads';
import { RunFailedError } from '../errors.js';
import { Control, type ActorData } from './actor.js';
import { layoutOf, progressStride, type Layout } from './codegen.js';
import type { Access, LitmusTest } from './tests.js';

export interface HarnessRequest {
  test: LitmusTest;
  access: Access;
  samples: number;
  /** Stop after this long even if fewer samples ran. */
  timeMs?: number;
  signal?: AbortSignal;
  /** Instances per round (default 16,384). */
  instances?: number;
  /** Int32 slots per instance in memory (default 2: x and y side by side). */
  memStride?: number;
  /** Whether actors pace each other within a round (default true). */
  paced?: boolean;
  /** How the actors' threads are started (default raw worker_threads). */
  threads?: 'workers' | 'piscina';
}

export interface HarnessResult {
  layout: Layout;
  samples: number;
  elapsedMs: number;
  /** Counts by outcome code (see codegen.ts decode). */
  histogram: Float64Array;
}

export const defaultInstances = 16_384;
const actorThread = new URL('./actor-thread.js', import.meta.url);
const actorTask = new URL('./actor.js', import.meta.url).href;

export async function runHarness(request: HarnessRequest): Promise<HarnessResult> {
  const { test, access } = request;
  request.signal?.throwIfAborted(); // an abort between two runs must not start the next
  const instances = request.instances ?? defaultInstances;
  const layout = layoutOf(test, request.memStride ?? 2);
  const control = new Int32Array(new SharedArrayBuffer(Control.length * 4));
  control[Control.roundsLeft] = Math.max(1, Math.ceil(request.samples / instances));
  const memory = new SharedArrayBuffer(instances * layout.memStride * 4);
  const registers = new SharedArrayBuffer(instances * Math.max(1, layout.regStride) * 4);
  const histograms = test.actors.map(() => new SharedArrayBuffer(layout.buckets * 8));
  const progress = new SharedArrayBuffer(test.actors.length * progressStride * 4);
  const shared = { test: test.name, access, instances, memStride: layout.memStride, memory, registers, progress, paced: request.paced ?? true };
  const data = test.actors.map((_, actor): ActorData => ({ ...shared, actor, histogram: histograms[actor]!, control: control.buffer as SharedArrayBuffer }));
  const stop = (): void => void Atomics.store(control, Control.stop, 1);
  const timer = request.timeMs !== undefined ? setTimeout(stop, request.timeMs) : undefined;
  const started = performance.now();
  try {
    await (request.threads === 'piscina' ? runPiscina(data, request.signal, stop) : runWorkers(data, request.signal, stop));
  } finally {
    clearTimeout(timer);
  }
  const elapsedMs = performance.now() - started;
  request.signal?.throwIfAborted();
  const histogram = new Float64Array(layout.buckets);
  for (const buffer of histograms) new Float64Array(buffer).forEach((count, code) => (histogram[code] = (histogram[code] ?? 0) + count));
  const samples = histogram.reduce((sum, count) => sum + count, 0);
  return { layout, samples, elapsedMs, histogram };
}

/** One raw worker per actor; an abort stops the rounds and terminates them all. */
async function runWorkers(data: ActorData[], signal: AbortSignal | undefined, stop: () => void): Promise<void> {
  const workers = data.map((workerData) => new Worker(actorThread, { workerData }));
  const terminate = (): void => {
    stop();
    for (const worker of workers) void worker.terminate();
  };
  signal?.addEventListener('abort', terminate, { once: true });
  if (signal?.aborted) terminate();
  try {
    await Promise.all(
      workers.map(
        (worker, actor) =>
          new Promise<void>((resolve, reject) => {
            worker.once('error', (error) => reject(new RunFailedError(`litmus actor ${actor} failed: ${error.message}`, { cause: error })));
            worker.once('exit', () => resolve());
          }),
      ),
    );
  } catch (error) {
    terminate();
    throw error;
  } finally {
    signal?.removeEventListener('abort', terminate);
  }
}

/** The same actors as piscina tasks, one thread each (measured against raw workers by the bench). */
async function runPiscina(data: ActorData[], signal: AbortSignal | undefined, stop: () => void): Promise<void> {
  const { Piscina } = await import('piscina');
  const pool = new Piscina({ filename: actorTask, minThreads: data.length, maxThreads: data.length, idleTimeout: 1000 });
  const onAbort = (): void => stop();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.all(data.map((task) => pool.run(task)));
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await pool.destroy();
  }
}
