// Deadlock detection for scenarios with more than one lock. Workers note on a
// shared lock board which lock each holds and which each waits for; the
// parent reads the board while a trial runs and looks for a cycle in the
// wait-for graph (worker → the owner of the lock it waits for). A cycle seen
// twice in a row is a deadlock: a real one never goes away by itself, a
// torn read of the board does.
import { lockFrom } from './lock.js';
import type { Lock } from '../scenario/api.js';

/** Where the board lives: a SharedArrayBuffer for threads, the segment for processes. */
export interface LockBoard {
  /** The worker (1-based) that holds lock `index`, or 0. */
  setOwner(index: number, worker: number): void;
  /** The lock index + 1 that `worker` waits for, or 0. */
  setWaiting(worker: number, lockPlusOne: number): void;
}

export interface BoardSnapshot {
  owners: number[];
  waiting: number[];
}

/** The same lock, noting on the board who waits for it and who holds it. */
export function boardedLock(lock: Lock, board: LockBoard, index: number, worker: number): Lock {
  return lockFrom(
    async () => {
      board.setWaiting(worker, index + 1);
      await lock.acquire();
      board.setOwner(index, worker);
      board.setWaiting(worker, 0);
    },
    async () => {
      board.setOwner(index, 0);
      await lock.release();
    },
  );
}

/** A description of the cycle, like "worker 1 holds a and waits for b; worker 2 holds b and waits for a". */
export function findDeadlock({ owners, waiting }: BoardSnapshot, lockNames: readonly string[]): string | undefined {
  const next = (worker: number): number | undefined => {
    const wanted = (waiting[worker - 1] ?? 0) - 1;
    const owner = wanted >= 0 ? (owners[wanted] ?? 0) : 0;
    return owner > 0 && owner !== worker ? owner : undefined;
  };
  for (let start = 1; start <= waiting.length; start++) {
    const path: number[] = [];
    for (let worker: number | undefined = start; worker !== undefined; worker = next(worker)) {
      const seen = path.indexOf(worker);
      if (seen >= 0) return describeCycle(path.slice(seen), { owners, waiting }, lockNames);
      path.push(worker);
    }
  }
  return undefined;
}

function describeCycle(cycle: number[], { owners, waiting }: BoardSnapshot, lockNames: readonly string[]): string {
  return cycle
    .map((worker) => {
      const held = owners.flatMap((owner, index) => (owner === worker ? [lockNames[index] ?? `#${index}`] : []));
      const wanted = lockNames[(waiting[worker - 1] ?? 0) - 1] ?? '?';
      return `worker ${worker} holds ${held.join(', ')} and waits for ${wanted}`;
    })
    .join('; ');
}

const POLL_MS = 25;

/**
 * Polls `read` while a trial runs and calls `found` once the same deadlock
 * shows in two consecutive snapshots. Returns a function that stops polling.
 */
export function watchForDeadlock(read: () => BoardSnapshot, lockNames: readonly string[], found: (cycle: string) => void): () => void {
  let previous: string | undefined;
  const timer = setInterval(() => {
    const cycle = findDeadlock(read(), lockNames);
    if (cycle !== undefined && cycle === previous) found(cycle);
    previous = cycle;
  }, POLL_MS);
  return () => clearInterval(timer);
}
