// Lock objects handed to a worker body: a real one built from an engine's
// acquire/release, and the no-op one that --no-lock substitutes.
import type { Lock } from './scenario.js';

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

export function lockFrom(acquire: () => Promise<void>, release: () => Promise<void>): Lock {
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
 * The locks a worker body gets, one per lock name: no-ops under --no-lock;
 * otherwise the store's own when the slots live in a store, else the engine's.
 */
export function workerLocks(count: number, locked: boolean, storeLocks: readonly Lock[] | undefined, engineLock: (index: number) => Lock): Lock[] {
  return Array.from({ length: count }, (_, index) => (locked ? (storeLocks?.[index] ?? engineLock(index)) : noLock));
}
