// The threads start barrier: no thread passes it before the last one has
// arrived. One of four real threads arrives 50 ms late; an atomic sequence
// counter orders the late arrival and every pass (no clock involved).
import { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';

const barrierModule = new URL('../dist/src/engines/threads/barrier.js', import.meta.url).href;

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
