// Where a command's text goes, and writing results to stdout in a pipeline: a
// reader that goes away (`| head`) ends the run quietly, not with an EPIPE
// stack trace; any other write error (a full disk) ends it with one line.
// The Context every command gets is decided here once per command line: stdout,
// stderr, whether progress is drawn, the width to fit and, for the commands
// with a --color option, the palette.
import { RunFailedError, messageOf } from '../errors.js';
import type { Palette } from '../report/colour.js';
import { outputWidth } from '../report/fit.js';

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

/** What every command writes through; program.ts builds it when a command's action starts. */
export interface Context extends Io {
  /** stdout, for results: a reader that goes away ends the command quietly. */
  out: Output;
  /** Whether progress is drawn on stderr: stderr is a terminal and no --quiet. */
  progress: boolean;
  /** The columns tables fit in: the terminal's, or 80. */
  width: number;
}

/** The context of a command with --color: its tables' palette too. */
export interface ColourContext extends Context {
  /** Coloured when --color, else FORCE_COLOR, else not NO_COLOR and stdout is a terminal. */
  palette: Palette;
}

export function commandContext(io: Io, flags: { quiet?: boolean }): Context {
  return { ...io, out: new Output(io.stdout), progress: flags.quiet !== true && io.stderr.isTTY === true, width: outputWidth(io.stdout) };
}

/** The context with the palette --color asks for (chalk is loaded only now, by the commands that colour). */
export async function withPalette(context: Context, flag: boolean | undefined): Promise<ColourContext> {
  const { colourEnabled, palette } = await import('../report/colour.js');
  return { ...context, palette: palette(colourEnabled({ flag, env: context.env, stdoutIsTerminal: context.stdout.isTTY === true })) };
}
