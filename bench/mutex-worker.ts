// A worker thread of the threads-lock benchmark: the same cycles as
// lock-child.ts, on racedemo's Atomics futex mutex, used the way a scenario
// uses it (the engine's async Lock wrapper around acquireMutex/releaseMutex).
// Control words: [0] barrier arrivals, [1] the mutex, [2] the shared counter.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { lockFrom, noLock } from '../src/worker/lock.js';
import { acquireMutex, releaseMutex } from '../src/executors/threads/mutex.js';

export interface MutexJob {
  control: SharedArrayBuffer;
  locked: boolean;
  workers: number;
  ops: number;
  rounds: number;
}

const MUTEX = 1;
const COUNTER = 2;

async function run({ control, locked, workers, ops, rounds }: MutexJob): Promise<number[]> {
  const words = new Int32Array(control);
  const lock = locked
    ? lockFrom(
        async () => acquireMutex(words, MUTEX),
        async () => releaseMutex(words, MUTEX),
      )
    : noLock;
  const roundMs: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    Atomics.add(words, 0, 1);
    while (Atomics.load(words, 0) < round * workers) {
      // spin: the rounds start together
    }
    const started = performance.now();
    for (let op = 0; op < ops; op++) {
      await lock.acquire();
      // A plain (non-atomic) read and write: only the lock keeps them together.
      words[COUNTER] = (words[COUNTER] ?? 0) + 1;
      await lock.release();
    }
    roundMs.push(performance.now() - started);
  }
  return roundMs;
}

// A failure rejects here and reaches the parent as the worker's 'error' event.
parentPort?.postMessage(await run(workerData as MutexJob));
