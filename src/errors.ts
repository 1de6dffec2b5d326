// Every way racedemo can end other than success, as a typed error that carries
// its exit code. The CLI turns any of these into one line on stderr.

/** The exit codes (docs/commands.md, "Exit codes"), in one place. */
export const ExitCode = {
  ok: 0,
  expectationNotMet: 1,
  usage: 2,
  runFailed: 3,
  interrupted: 130,
} as const;

/** The message of anything thrown: an Error's message, or the value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export abstract class RacedemoError extends Error {
  abstract readonly exitCode: number;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad usage or bad input: unknown scenario or option, a bad number, a bad file. */
export class UsageError extends RacedemoError {
  readonly exitCode = ExitCode.usage;
}

/** The run could not complete: a worker crashed or threw, or a trial hung. */
export class RunFailedError extends RacedemoError {
  readonly exitCode = ExitCode.runFailed;
}

/** `--expect` was given and the run did not meet it. */
export class ExpectationError extends RacedemoError {
  readonly exitCode = ExitCode.expectationNotMet;
}

/** The run was stopped by a signal; the exit code is 128 + the signal number. */
export class InterruptedError extends RacedemoError {
  readonly exitCode: number;
  constructor(readonly signal: 'SIGINT' | 'SIGTERM') {
    super(`interrupted by ${signal}`);
    this.exitCode = signal === 'SIGINT' ? ExitCode.interrupted : 143;
  }
}
