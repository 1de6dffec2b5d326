// Where a command's text goes, and writing results to stdout in a pipeline: a
// reader that goes away (`| head`) ends the run quietly, not with an EPIPE
// stack trace; any other write error (a full disk) ends it with one line.
import { RunFailedError, messageOf } from '../errors.js';

/** A stream a command writes to: process.stdout, or a capture in tests. */
export type OutStream = NodeJS.WritableStream & { isTTY?: boolean };

/** What a command talks to: the process's streams and environment, or an in-process caller's (tests). */
export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  env: NodeJS.ProcessEnv;
  /** Aborting it interrupts a run as Ctrl-C does. */
  signal?: AbortSignal;
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** Why stdout can no longer be written: its reader left (EPIPE: end quietly), or it failed (exit 3). */
export function stdoutError(error: NodeJS.ErrnoException): RunFailedError | undefined {
  if (error.code === 'EPIPE') return undefined;
  return new RunFailedError(`cannot write to stdout: ${messageOf(error)}`, { cause: error });
}

export class Output {
  private closed = false;
  private readonly listeners: Array<(failure: RunFailedError | undefined) => void> = [];

  constructor(private readonly stream: OutStream) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      this.closed = true;
      const failure = stdoutError(error);
      for (const listener of this.listeners) listener(failure);
    });
  }

  /** Calls `listener` once stdout's reader has gone (no failure) or stdout failed. */
  onClose(listener: (failure: RunFailedError | undefined) => void): void {
    this.listeners.push(listener);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  write(text: string): void {
    if (!this.closed) this.stream.write(text);
  }

  line(text: string): void {
    this.write(`${text}\n`);
  }
}
