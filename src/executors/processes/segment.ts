// The processes executor's segment: one shared file (memory/shared-file.ts)
// with the state its children share besides the slots. Layout, in int32 words:
//   arrived[workers]    the start barrier: the last trial each worker reached
//   stop                the first trial whose body threw (0: none): ends a batch
//   done[workers]       the end barrier: the last trial each worker finished
//   completed           the last trial whose result is in the ring
//   owner[locks]        } the lock board (worker/deadlock.ts), used when a
//   waiting[workers]    } scenario has several locks
//   then the ring, 8-byte aligned: for each trial of a batch, its time
//   (float64) and, when the memory is local, its final image.
// The locks themselves are pipes beside the segment (lock.ts).
import type { BoardSnapshot, LockBoard } from '../../worker/deadlock.js';
import type { SharedFile } from '../../memory/shared-file.js';

export class SegmentLayout {
  readonly arrivedOffset = 0;
  readonly stopOffset: number;
  readonly doneOffset: number;
  readonly completedOffset: number;
  /** Where the per-trial state starts: the board, reset before a trial. */
  readonly resetOffset: number;
  readonly ownerOffset: number;
  readonly waitingOffset: number;
  /** Where the control words end (8-byte aligned): the ring starts here. */
  readonly controlSize: number;
  readonly ringOffset: number;
  /** Bytes per ring entry: the trial's ms, then its final image. */
  readonly ringEntrySize: number;
  readonly size: number;

  constructor(
    readonly workers: number,
    readonly locks: number,
    /** The final image each ring entry keeps, in bytes (0: the coordinator reads the memory itself). */
    readonly imageSize = 0,
    /** How many trials one batch may run: their results wait in the ring. */
    readonly ringSlots = 0,
  ) {
    this.stopOffset = workers * 4;
    this.doneOffset = this.stopOffset + 4;
    this.completedOffset = this.doneOffset + workers * 4;
    this.resetOffset = this.completedOffset + 4;
    this.ownerOffset = this.resetOffset;
    this.waitingOffset = this.ownerOffset + locks * 4;
    this.controlSize = alignTo8(this.waitingOffset + workers * 4);
    this.ringOffset = this.controlSize;
    this.ringEntrySize = 8 + alignTo8(imageSize);
    this.size = this.ringOffset + ringSlots * this.ringEntrySize;
  }

  /** What the reset region (the lock board) holds before every trial. */
  resetImage(): Uint8Array {
    return new Uint8Array(this.controlSize - this.resetOffset);
  }

  /** Where `trial` of a batch starting at `first` keeps its ms and final image. */
  ringEntryOffset(trial: number, first: number): number {
    return this.ringOffset + (trial - first) * this.ringEntrySize;
  }
}

function alignTo8(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}

/** The FIFO of lock `index` of the run whose segment is `segmentPath`. */
export function lockPipePath(segmentPath: string, index: number): string {
  return `${segmentPath}-lock-${index}`;
}

/** The lock board inside the segment, as workers note on it. */
export function segmentBoard(segment: SharedFile, layout: SegmentLayout): LockBoard {
  return {
    setOwner: (lock, worker) => segment.writeInt32(layout.ownerOffset + lock * 4, worker),
    setWaiting: (worker, lockPlusOne) => segment.writeInt32(layout.waitingOffset + (worker - 1) * 4, lockPlusOne),
  };
}

/** The lock board, as the parent's deadlock watch reads it. */
export function readSegmentBoard(segment: SharedFile, layout: SegmentLayout): BoardSnapshot {
  const words = Buffer.alloc((layout.locks + layout.workers) * 4);
  segment.read(layout.ownerOffset, words);
  const read = (from: number, count: number): number[] => Array.from({ length: count }, (_, index) => words.readInt32LE((from + index) * 4));
  return { owners: read(0, layout.locks), waiting: read(layout.locks, layout.workers) };
}
