// A worker's sleep: blocks the calling thread for a precise, possibly
// fractional, number of milliseconds. Timers are too coarse (1 ms, plus event
// loop jitter) for race windows of a few tens of microseconds.
import { performance } from 'node:perf_hooks';

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Below this, a futex wait's timer slack (~50 µs) would dominate: spin instead. */
const SPIN_BELOW_MS = 0.2;

export function sleepSync(ms: number): void {
  if (!(ms > 0)) return;
  const end = performance.now() + ms;
  if (ms > SPIN_BELOW_MS) Atomics.wait(sleeper, 0, 0, ms - SPIN_BELOW_MS / 2);
  while (performance.now() < end) {
    // spin out the remainder
  }
}

export async function sleep(ms: number): Promise<void> {
  sleepSync(ms);
}
