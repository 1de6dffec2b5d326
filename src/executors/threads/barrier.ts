// The start barrier: every worker of a trial arrives, and none starts its body
// until all have. The parent zeroes the counter before each trial. Waiters
// spin first (a futex wake-up takes ~50 µs, longer than a whole unlocked
// trial of process-array) and sleep only when there are more workers than
// cores, or when the wait runs long.
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';

const SPIN_MS = 2;
const cores = availableParallelism();

export function arriveAndWait(control: Int32Array, index: number, workers: number): void {
  if (Atomics.add(control, index, 1) + 1 >= workers) {
    Atomics.notify(control, index);
    return;
  }
  const spinUntil = performance.now() + (workers <= cores ? SPIN_MS : 0.05);
  while (performance.now() < spinUntil) {
    if (Atomics.load(control, index) >= workers) return;
  }
  for (let seen = Atomics.load(control, index); seen < workers; seen = Atomics.load(control, index)) {
    Atomics.wait(control, index, seen, 50);
  }
}
