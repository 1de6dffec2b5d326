// The threads engine's control block: an Int32Array on its own
// SharedArrayBuffer holding the mutex word, the start barrier and one
// "finished" flag per worker (which tells the parent who hung).
export const MUTEX = 0;
export const BARRIER = 1;
const FINISHED = 2;

export function createControl(workers: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer((FINISHED + workers) * 4));
}

export function finishedIndex(worker: number): number {
  return FINISHED + worker - 1;
}

/** Readies the block for the next trial (no worker is running). */
export function resetControl(control: Int32Array): void {
  control.fill(0);
}
