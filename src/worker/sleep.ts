// A worker's sleep: blocks the calling thread for a precise, possibly
// fractional, number of milliseconds. Timers are too coarse (1 ms, plus event
// loop jitter). From 0.1 ms on, most of the pause is a futex sleep that gives
// the CPU away, as time.sleep does in the tutorial: that is what lets another
// worker run inside the race window even on a loaded machine. A futex wake-up
// overshoots by ~80 µs, so the last stretch is spun.
import { performance } from 'node:perf_hooks';

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const WAKE_UP_MS = 0.09;
const SLEEP_FROM_MS = 0.1;

export function sleepSync(ms: number): void {
  if (!(ms > 0)) return;
  const end = performance.now() + ms;
  if (ms >= SLEEP_FROM_MS) Atomics.wait(sleeper, 0, 0, Math.max(0.001, ms - WAKE_UP_MS));
  while (performance.now() < end) {
    // spin out the remainder
  }
}

export async function sleep(ms: number): Promise<void> {
  sleepSync(ms);
}
