// Lock objects handed to a worker body: a real one built from an engine's
// acquire/release, and the no-op one that --no-lock substitutes.
import type { Lock } from './scenario.js';

export function lockFrom(acquire: () => Promise<void>, release: () => Promise<void>): Lock {
  return {
    acquire,
    release,
    async run<T>(section: () => Promise<T>): Promise<T> {
      await acquire();
      try {
        return await section();
      } finally {
        await release();
      }
    },
  };
}

const nothing = async (): Promise<void> => {};

/** What a body gets under --no-lock: every call returns at once. */
export const noLock: Lock = lockFrom(nothing, nothing);
