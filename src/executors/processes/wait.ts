// Waiting on the segment without a futex: spin on positional reads, then back
// off. Backing off yields to the event loop (so a child still notices its
// parent going away) and then sleeps a few tens of microseconds, so that 64
// workers on 2 cores do not starve the one holding the lock.
import { performance } from 'node:perf_hooks';

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));


export async function waitUntil(ready: () => boolean, tightSpinMs = 0.2): Promise<void> {
  const tightUntil = performance.now() + tightSpinMs;
  for (let spin = 0; !ready(); spin++) {
    if (performance.now() < tightUntil) continue;
    if (spin % 32 === 0) await yieldToEventLoop();
    else Atomics.wait(sleeper, 0, 0, 0.02);
  }
}


