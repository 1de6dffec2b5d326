// A file that several processes read and write with positional I/O: in
// /dev/shm (os.tmpdir() where there is none), so it lives in memory and the
// race on it is a real race between processes. The processes executor keeps
// its control block in one (executors/processes/segment.ts) and the slots in
// another (file.ts). Whoever created a file unlinks its name as soon as the
// children that need it have it open, or inherit it: nothing is left behind.
import { closeSync, existsSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { messageOf, RunFailedError } from '../errors.js';
import type { MemoryAccess } from './handles.js';

/** A short write (a full file system) would leave the shared memory silently wrong: fail instead. */
function checkWritten(written: number, wanted: number): void {
  if (written !== wanted) throw Object.assign(new Error(`short write to the shared segment (${written} of ${wanted} bytes)`), { code: 'ENOSPC' });
}

export function sharedFileDirectory(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

/** A fresh name: racedemo-<pid>-<random>, so that a run's files are easy to find (and tests check none is left). */
export function newSharedFilePath(): string {
  return join(sharedFileDirectory(), `racedemo-${process.pid}-${randomBytes(4).toString('hex')}`);
}

export class SharedFile {
  private readonly scratch = Buffer.alloc(8);

  private constructor(
    readonly path: string,
    readonly fd: number,
  ) {}

  /**
   * Makes the file and fills it (tmpfs gives the pages now, so no later write
   * can fail for space); on failure, removes it and says why in one line.
   * Only the processes executor needs shared files, hence its name in the message.
   */
  static create(path: string, size: number): SharedFile {
    let file: SharedFile | undefined;
    try {
      file = new SharedFile(path, openSync(path, 'wx+', 0o600));
      file.write(0, new Uint8Array(size));
      return file;
    } catch (error) {
      if (file) file.destroy();
      else rmSync(path, { force: true });
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOSPC' ? `${dirname(path)} is full or too small` : messageOf(error);
      throw new RunFailedError(`cannot make the processes engine's ${size}-byte shared segment in ${dirname(path)}: ${reason} (--engine threads works without it)`, { cause: error });
    }
  }

  static open(path: string): SharedFile {
    return new SharedFile(path, openSync(path, 'r+'));
  }

  /** A file whose descriptor this process inherited (it may have no name any more). */
  static inherited(fd: number): SharedFile {
    return new SharedFile('', fd);
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

  /** The bytes from `base` on, as a scenario's memory. */
  memoryAccess(base = 0): MemoryAccess {
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

  /** Deletes the name; whoever has the file open keeps using it. */
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
