// The start barrier: no worker starts its body before every worker of the
// trial has arrived, so no worker can finish before another has started.
//
// On both engines, through the real engine: the barrier-probe fixture makes
// one worker per trial arrive 500 ms late, and every worker records whether
// any other had already finished when it started. Without a working barrier
// the punctual workers finish (100 ms bodies) long before the late one starts.
//
// Below, the barrier primitive of the threads engine on its own: an atomic
// sequence counter orders the late arrival and every pass (no clock involved).
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { runTrials } from '../dist/src/run/runner.js';
import { loadScenario } from '../dist/src/scenario/catalog.js';

const probe = new URL('./fixtures/barrier-probe.mjs', import.meta.url).pathname;

describe.each(['threads', 'processes'] as const)('start barrier on %s', (engine) => {
  it('no worker starts after another has finished, even when one arrives 500 ms late', async () => {
    const loaded = await loadScenario(probe);
    const trials = 5; // trials 2..5 each have a late worker
    const result = await runTrials({ loaded, engine, lock: false, trials, workload: loaded.scenario.defaults, timeoutMs: 30_000 });
    expect(result.outcomes).toEqual([{ final: { startedAfterAnotherFinished: 0 }, trials, share: 1, raced: false, lost: 0, verdict: 'expected' }]);
  });
});

const barrierModule = new URL('../dist/src/executors/threads/barrier.js', import.meta.url).href;

const threadBody = `
  const { workerData, parentPort } = require('node:worker_threads');
  import(workerData.barrierModule).then(({ arriveAndWait }) => {
    const words = new Int32Array(workerData.buffer);
    if (workerData.late) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      words[2 + workerData.index] = Atomics.add(words, 1, 1);   // the late arrival's place in the sequence
    }
    arriveAndWait(words, 0, workerData.workers);
    parentPort.postMessage(Atomics.add(words, 1, 1));           // this thread's pass
  });
`;

describe('the threads barrier primitive', () => {
  it.each([1, 2, 3])('no thread passes before the late one arrives (round %i)', async () => {
    const workers = 4;
    const buffer = new SharedArrayBuffer((2 + workers) * 4);
    const lateIndex = 2;
    const passes = await Promise.all(
      Array.from({ length: workers }, (_, index) => {
        const worker = new Worker(threadBody, { eval: true, workerData: { barrierModule, buffer, workers, index, late: index === lateIndex } });
        return new Promise<number>((resolve, reject) => {
          worker.once('message', (sequence: number) => {
            void worker.terminate();
            resolve(sequence);
          });
          worker.once('error', reject);
        });
      }),
    );
    const lateArrival = new Int32Array(buffer)[2 + lateIndex] ?? -1;
    for (const pass of passes) expect(pass).toBeGreaterThan(lateArrival);
  });
});
