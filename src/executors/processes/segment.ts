// The shared segment: one file in /dev/shm (os.tmpdir() where there is none)
// that every process opens and reads and writes with positional I/O, so the
// race on it is a real race between processes. Layout, in int32 words:
//   arrived[workers]    the start barrier: the last trial each worker reached
//   stop                the first trial whose body threw (0: none): ends a batch
//   done[workers]       the end barrier: the last trial each worker finished
//   completed           the last trial whose final image is in the ring
//   owner[locks]        } the lock board (deadlock.ts), used when a
//   waiting[workers]    } scenario has several locks
//   then the scenario's memory image, 8-byte aligned,
//   then the ring: for each trial of a batch, its time (float64) and final image.
// The locks themselves are pipes beside the segment (lock.ts).
import { closeSync, existsSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { messageOf, RunFailedError } from '../../errors.js';
import { randomBytes } from 'node:crypto';
import type { BoardSnapshot, LockBoard } from '../../worker/deadlock.js';
import type { MemoryAccess } from '../../memory/handles.js';

export class SegmentLayout {
  readonly arrivedOffset = 0;
  readonly stopOffset: number;
  readonly doneOffset: number;
  readonly completedOffset: number;
  /** Where the per-trial state starts: everything from here to the ring is reset before a trial. */
  readonly resetOffset: number;
  readonly ownerOffset: number;
  readonly waitingOffset: number;
  readonly memoryOffset: number;
  readonly ringOffset: number;
  /** Bytes per ring entry: the trial's ms, then its final image. */
  readonly ringEntrySize: number;
  readonly size: number;

  constructor(
    readonly workers: number,
    readonly locks: number,
    /** The scenario's memory image, in bytes. */
    readonly memorySize = 0,
    /** How many trials one batch may run: their final images wait in the ring. */
    readonly ringSlots = 0,
  ) {
    this.stopOffset = workers * 4;
    this.doneOffset = this.stopOffset + 4;
    this.completedOffset = this.doneOffset + workers * 4;
    this.resetOffset = this.completedOffset + 4;
    this.ownerOffset = this.resetOffset;
    this.waitingOffset = this.ownerOffset + locks * 4;
    this.memoryOffset = alignTo8(this.waitingOffset + workers * 4);
    this.ringOffset = alignTo8(this.memoryOffset + memorySize);
    this.ringEntrySize = 8 + alignTo8(memorySize);
    this.size = this.ringOffset + ringSlots * this.ringEntrySize;
  }

  /** What the reset region (lock board, memory) holds before every trial. */
  resetImage(initialImage: Uint8Array): Uint8Array {
    const image = new Uint8Array(this.memoryOffset - this.resetOffset + initialImage.byteLength);
    image.set(initialImage, this.memoryOffset - this.resetOffset);
    return image;
  }

  /** Where `trial` of a batch starting at `first` keeps its ms and final image. */
  ringEntryOffset(trial: number, first: number): number {
    return this.ringOffset + (trial - first) * this.ringEntrySize;
  }
}

function alignTo8(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}

/** A short write (a full file system) would leave the shared memory silently wrong: fail instead. */
function checkWritten(written: number, wanted: number): void {
  if (written !== wanted) throw Object.assign(new Error(`short write to the shared segment (${written} of ${wanted} bytes)`), { code: 'ENOSPC' });
}

export function segmentDirectory(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

/** The FIFO of lock `index` of the run whose segment is `segmentPath`. */
export function lockPipePath(segmentPath: string, index: number): string {
  return `${segmentPath}-lock-${index}`;
}

export function newSegmentPath(): string {
  return join(segmentDirectory(), `racedemo-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** An open segment file. The parent creates it; children open it by path. */
export class SharedSegment {
  private readonly scratch = Buffer.alloc(8);

  private constructor(
    readonly path: string,
    readonly fd: number,
  ) {}

  /** Makes the file and fills it (tmpfs gives the pages now, so no later write can fail for space); on failure, removes it and says why in one line. */
  static create(path: string, size: number): SharedSegment {
    let segment: SharedSegment | undefined;
    try {
      segment = new SharedSegment(path, openSync(path, 'wx+', 0o600));
      segment.write(0, new Uint8Array(size));
      return segment;
    } catch (error) {
      if (segment) segment.destroy();
      else rmSync(path, { force: true });
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOSPC' ? `${dirname(path)} is full or too small` : messageOf(error);
      throw new RunFailedError(`cannot make the processes engine's ${size}-byte shared segment in ${dirname(path)}: ${reason} (--engine threads works without it)`, { cause: error });
    }
  }

  static open(path: string): SharedSegment {
    return new SharedSegment(path, openSync(path, 'r+'));
  }

  /** A segment whose descriptor this process inherited (its file may have no name any more). */
  static inherited(fd: number): SharedSegment {
    return new SharedSegment('', fd);
  }

  read<Into extends Uint8Array>(offset: number, into: Into): Into {
    readSync(this.fd, into, 0, into.byteLength, offset);
    return into;
  }

  write(offset: number, bytes: Uint8Array): void {
    checkWritten(writeSync(this.fd, bytes, 0, bytes.byteLength, offset), bytes.byteLength);
  }

  readInt32(offset: number): number {
    readSync(this.fd, this.scratch, 0, 4, offset);
    return this.scratch.readInt32LE(0);
  }

  writeInt32(offset: number, value: number): void {
    this.scratch.writeInt32LE(value, 0);
    checkWritten(writeSync(this.fd, this.scratch, 0, 4, offset), 4);
  }

  readFloat64(offset: number): number {
    readSync(this.fd, this.scratch, 0, 8, offset);
    return this.scratch.readDoubleLE(0);
  }

  writeFloat64(offset: number, value: number): void {
    this.scratch.writeDoubleLE(value, 0);
    checkWritten(writeSync(this.fd, this.scratch, 0, 8, offset), 8);
  }

  board(layout: SegmentLayout): LockBoard {
    return {
      setOwner: (lock, worker) => this.writeInt32(layout.ownerOffset + lock * 4, worker),
      setWaiting: (worker, lockPlusOne) => this.writeInt32(layout.waitingOffset + (worker - 1) * 4, lockPlusOne),
    };
  }

  readBoard(layout: SegmentLayout): BoardSnapshot {
    const words = Buffer.alloc((layout.locks + layout.workers) * 4);
    this.read(layout.ownerOffset, words);
    const read = (from: number, count: number): number[] => Array.from({ length: count }, (_, index) => words.readInt32LE((from + index) * 4));
    return { owners: read(0, layout.locks), waiting: read(layout.locks, layout.workers) };
  }

  /** The scenario's memory, seen through this segment from `base` on. */
  memoryAccess(base: number): MemoryAccess {
    return {
      getInt32: (offset) => this.readInt32(base + offset),
      setInt32: (offset, value) => this.writeInt32(base + offset, value),
      getFloat64: (offset) => this.readFloat64(base + offset),
      setFloat64: (offset, value) => this.writeFloat64(base + offset, value),
      getBytes: (offset, length) => this.read(base + offset, new Uint8Array(length)),
      setBytes: (offset, bytes) => this.write(base + offset, bytes),
    };
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Deletes the file; whoever has it open keeps using it. */
  unlink(): void {
    rmSync(this.path, { force: true });
  }

  /** Closes and deletes the file; never throws (it runs on every way out). */
  destroy(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.path, { force: true });
  }
}
