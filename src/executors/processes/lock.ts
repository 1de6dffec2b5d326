// The processes executor's lock: a named pipe (FIFO) holding one byte, the
// token. Acquire reads the byte, release writes it back. The kernel hands a
// byte to exactly one reader, so at most one process holds the token: mutual
// exclusion needs no algorithm of ours, and no native addon (racedemo installs
// without compiling anything; Node has no flock or process-shared futex). Two system calls
// a cycle, where a bakery lock over the segment needs six. Reads are
// non-blocking: a waiter polls (spin, then back off), so it still yields to
// its event loop and leaves with its parent.
//
// The token is put back between trials by the leader, and when a worker dies
// by the parent (executor.ts): a holder that dies or ends its body holding the
// lock cannot block the trials after it.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { RunFailedError } from '../../errors.js';
import { waitUntil } from './wait.js';

const TOKEN = Buffer.from([1]);

/**
 * One process's side of one lock. It does not track whether it holds the
 * token: the executor wraps it in a fresh lockFrom for every trial, which fails
 * a release without a hold, so a second token is never written.
 */
export class TokenLock {
  private readonly scratch = Buffer.alloc(1);

  constructor(private readonly fd: number) {}

  async acquire(): Promise<void> {
    if (!this.take()) await waitUntil(() => this.take());
  }

  async release(): Promise<void> {
    writeSync(this.fd, TOKEN, 0, 1, null);
  }

  /** Whether this read got the token (EAGAIN: the pipe is empty, someone holds it). */
  private take(): boolean {
    try {
      return readSync(this.fd, this.scratch, 0, 1, null) === 1;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return false;
      throw error;
    }
  }
}

/** The FIFOs of a run's locks, one per lock name, open in this process. */
export class TokenPipes {
  private readonly drained = Buffer.alloc(64);
  private destroyed = false;

  private constructor(
    readonly paths: string[],
    /** One open descriptor per lock, in lock order. */
    readonly fds: number[],
  ) {}

  /** Makes the FIFOs (Node has no mkfifo: the mkfifo program does it) and opens them. */
  static create(paths: string[]): TokenPipes {
    if (paths.length === 0) return new TokenPipes([], []);
    try {
      execFileSync('mkfifo', ['-m', '600', ...paths], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      for (const path of paths) rmSync(path, { force: true });
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no mkfifo program on the PATH' : firstLine(error);
      throw new RunFailedError(`cannot make the processes engine's lock pipes with mkfifo: ${reason} (--engine threads or --no-lock work without it)`);
    }
    return TokenPipes.open(paths);
  }

  /** Read-write, so that opening never waits for the other end; non-blocking, so that a read can fail instead of waiting. */
  static open(paths: string[]): TokenPipes {
    const fds: number[] = [];
    for (const path of paths) fds.push(openSync(path, constants.O_RDWR | constants.O_NONBLOCK));
    return new TokenPipes(paths, fds);
  }

  /** Pipes whose descriptors this process inherited (their names may be gone). */
  static inherited(fds: number[]): TokenPipes {
    return new TokenPipes([], fds);
  }

  locks(): TokenLock[] {
    return this.fds.map((fd) => new TokenLock(fd));
  }

  /** Exactly one token in every pipe, whoever held one (run when no body is running, or its trial is being thrown away). */
  reset(): void {
    for (const fd of this.fds) {
      try {
        while (readSync(fd, this.drained, 0, this.drained.length, null) === this.drained.length);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      }
      writeSync(fd, TOKEN, 0, 1, null);
    }
  }

  /** Deletes the FIFOs; whoever has one open keeps using it. */
  unlink(): void {
    for (const path of this.paths) rmSync(path, { force: true });
  }

  /** Closes and deletes the FIFOs; never throws (it runs on every way out). */
  destroy(): void {
    // Once only: a descriptor number closed twice may by then belong to something else.
    if (this.destroyed) return;
    this.destroyed = true;
    for (const fd of this.fds) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    this.unlink();
  }
}

function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
  return (stderr || (error instanceof Error ? error.message : String(error))).split('\n')[0] ?? '';
}
