// lock.run repeats a section whose optimistic commit conflicted (Redis
// WATCH/MULTI); a body that calls acquire/release itself gets the error.
import { describe, expect, it } from 'vitest';
import { SectionConflict, lockFrom } from '../dist/src/worker/lock.js';

function optimisticLock(conflicts: number): { lock: ReturnType<typeof lockFrom>; acquires: () => number } {
  let acquires = 0;
  let left = conflicts;
  const lock = lockFrom(
    async () => {
      acquires++;
    },
    async () => {
      if (left-- > 0) throw new SectionConflict();
    },
  );
  return { lock, acquires: () => acquires };
}

describe('lock.run with an optimistic lock', () => {
  it('runs the section again after each conflict, and returns its last value', async () => {
    const { lock, acquires } = optimisticLock(2);
    let runs = 0;
    await expect(lock.run(async () => ++runs)).resolves.toBe(3);
    expect(acquires()).toBe(3);
  });

  it('a section that throws is not repeated', async () => {
    const { lock, acquires } = optimisticLock(5);
    await expect(lock.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(acquires()).toBe(1);
  });

  it('release called directly reports the conflict', async () => {
    const { lock } = optimisticLock(1);
    await lock.acquire();
    await expect(lock.release()).rejects.toBeInstanceOf(SectionConflict);
  });
});
