// Lock objects handed to a worker body: a real one built from an executor's
// acquire/release, and the no-op one that --no-lock substitutes.
import type { Lock } from '../scenario/api.js';

/**
 * Thrown by an optimistic lock's release (Redis WATCH/MULTI) when another
 * worker changed a watched value: nothing of the section was written, and
 * `run` runs the section again. A body that calls acquire/release itself sees
 * it as an error: only `run` can repeat a section.
 */
export class SectionConflict extends Error {
  constructor() {
    super('another worker changed a watched value, so this section was not written; use lock.run(fn), which runs it again');
    this.name = 'SectionConflict';
  }
}

/** Thrown by release() of a lock the worker does not hold, as Python's Lock raises on `release unlocked lock`. */
export class LockNotHeld extends Error {
  constructor() {
    super('release() of a lock this worker does not hold (released twice, or never acquired)');
    this.name = 'LockNotHeld';
  }
}

/**
 * A worker's lock from an executor's or a store's acquire and release. It
 * knows whether the worker holds it: releasing a lock not held is a bug in
 * the body, reported as such, and must never free another worker's lock.
 */
export function lockFrom(acquireLock: () => Promise<void>, releaseLock: () => Promise<void>): Lock {
  // A count, not a flag: a store's locks may nest (several names, one transaction).
  let holds = 0;
  const acquire = async (): Promise<void> => {
    await acquireLock();
    holds++;
  };
  const release = async (): Promise<void> => {
    if (holds === 0) throw new LockNotHeld();
    holds--;
    await releaseLock();
  };
  return {
    acquire,
    release,
    async run<T>(section: () => Promise<T>): Promise<T> {
      for (;;) {
        await acquire();
        let value: T;
        try {
          value = await section();
        } catch (error) {
          await release().catch((failure: unknown) => {
            if (!(failure instanceof SectionConflict)) throw failure;
          });
          throw error;
        }
        try {
          await release();
          return value;
        } catch (error) {
          if (!(error instanceof SectionConflict)) throw error;
        }
      }
    },
  };
}

const nothing = async (): Promise<void> => {};

/** What a body gets under --no-lock: every call returns at once, and run() is just the section. */
export const noLock: Lock = { acquire: nothing, release: nothing, run: (section) => section() };

/**
 * A trial's locks, one per lock name: no-ops under --no-lock; otherwise the
 * memory's own when it brings them (a store's), else the executor's. Call it
 * for every trial: what a body holds ends with its trial, so a store's lock
 * (one per session) gets a fresh count of holds each time.
 */
export function workerLocks(count: number, locked: boolean, ownLocks: readonly Lock[] | undefined, executorLock: (index: number) => Lock): Lock[] {
  return Array.from({ length: count }, (_, index) => {
    if (!locked) return noLock;
    const ownLock = ownLocks?.[index];
    return ownLock ? lockFrom(ownLock.acquire, ownLock.release) : executorLock(index);
  });
}
