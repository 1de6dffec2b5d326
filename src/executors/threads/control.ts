// The threads executor's control block: an Int32Array on its own
// SharedArrayBuffer. Layout, in words:
//   barrier                  the start barrier's arrival count
//   finished[workers]        set when a worker's body has returned (who hung?)
//   mutex[locks]             one futex mutex per lock
//   owner[locks]             } the lock board (deadlock.ts), used when a
//   waiting[workers]         } scenario has several locks
import type { BoardSnapshot, LockBoard } from '../../worker/deadlock.js';

export class ThreadControl {
  readonly words: Int32Array;
  readonly barrier = 0;
  private readonly finishedAt = 1;
  private readonly mutexAt: number;
  private readonly ownerAt: number;
  private readonly waitingAt: number;

  constructor(
    readonly workers: number,
    readonly locks: number,
    buffer: SharedArrayBuffer = new SharedArrayBuffer((1 + 2 * workers + 2 * locks) * 4),
  ) {
    this.words = new Int32Array(buffer);
    this.mutexAt = this.finishedAt + workers;
    this.ownerAt = this.mutexAt + locks;
    this.waitingAt = this.ownerAt + locks;
  }

  get buffer(): SharedArrayBuffer {
    return this.words.buffer as SharedArrayBuffer;
  }

  finishedIndex(worker: number): number {
    return this.finishedAt + worker - 1;
  }

  mutexIndex(lock: number): number {
    return this.mutexAt + lock;
  }

  board(): LockBoard {
    return {
      setOwner: (lock, worker) => Atomics.store(this.words, this.ownerAt + lock, worker),
      setWaiting: (worker, lockPlusOne) => Atomics.store(this.words, this.waitingAt + worker - 1, lockPlusOne),
    };
  }

  readBoard(): BoardSnapshot {
    const read = (from: number, count: number): number[] =>
      Array.from({ length: count }, (_, index) => Atomics.load(this.words, from + index));
    return { owners: read(this.ownerAt, this.locks), waiting: read(this.waitingAt, this.workers) };
  }

  /** Readies the block for the next trial (no worker is running). */
  reset(): void {
    this.words.fill(0);
  }
}
