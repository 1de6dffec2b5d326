// The threads engine's lock (an Atomics futex mutex) measured between real
// worker threads: acquire + release latency alone and with two threads
// competing, and whether the shared counter lost any increment.
import { Worker } from 'node:worker_threads';
import { fixed, mean, median, withLimit } from './measure.js';
import type { MutexJob } from './mutex-worker.js';
import type { LockFigures } from './process-locks.js';

const workerFile = new URL('./mutex-worker.js', import.meta.url);

export async function measureThreadLock(locked: boolean, threads: number, rounds = 3): Promise<LockFigures> {
  const ops = locked ? 200_000 : 500_000;
  const control = new SharedArrayBuffer(3 * 4);
  const job: MutexJob = { control, locked, workers: threads, ops, rounds };
  const workers = Array.from({ length: threads }, () => new Worker(workerFile, { workerData: job }));
  try {
    const finished = workers.map(
      (worker) =>
        new Promise<number[]>((resolve, reject) => {
          worker.once('message', (times: number[]) => resolve(times));
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new Error(`mutex worker exited with code ${code}`)));
        }),
    );
    const roundMs = await withLimit(Promise.all(finished), 60_000, 'the threads lock benchmark');
    const counter = new Int32Array(control)[2] ?? 0;
    const perThread = roundMs.map((times) => (median(times) * 1000) / ops);
    const wallPerRound = Array.from({ length: rounds }, (_, round) => Math.max(...roundMs.map((times) => times[round] ?? NaN)));
    return {
      engine: 'threads',
      design: locked ? 'futex mutex' : 'none',
      competitors: threads,
      ops,
      rounds,
      usPerOp: fixed(mean(perThread), 3),
      usPerOpAll: fixed((median(wallPerRound) * 1000) / (ops * threads), 3),
      lost: threads * ops * rounds - counter,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
