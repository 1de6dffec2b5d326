// What runs the workers: threads (threads/), child processes (processes/),
// or, outside this folder, remote workers (remote/coordinator.ts). An executor takes
// a plain spec and a Memory and never asks what the memory is: slots in
// shared memory and slots in a database look the same from here.
import type { Memory } from '../memory/backend.js';
import type { Workload } from '../scenario/api.js';
import type { TracedStep } from '../worker/steps.js';
import type { Span } from '../worker/span.js';

/** Everything an executor needs, decided before it starts (run/compose.ts). Plain data but the signal. */
export interface ExecutorSpec {
  /** The module URL workers import the scenario from. */
  scenarioUrl: string;
  options: Workload;
  /** The scenario's lock names: index 0 is `lock`. */
  lockNames: string[];
  /** Whether the lock is real (false: --no-lock). */
  lock: boolean;
  /** Whether workers note the locks they hold and wait for, and the executor watches for a cycle. */
  watchDeadlock: boolean;
  /** Record each trial's accesses and lock acquires (--trace). */
  trace: boolean;
  /** Limit for one trial, in milliseconds. */
  timeoutMs: number;
  /** How many workers this executor runs, numbered from 1. */
  workers: number;
  /** The memory image's size in bytes. */
  imageSize: number;
  /** Aborted on Ctrl-C: a start that waits on its workers gives up at once. */
  signal?: AbortSignal;
}

/** Time a worker gets to start and import the scenario, on top of the trial timeout. */
export const STARTUP_MS = 20_000;

/** How one trial ended. Anything but `completed` ends the run. */
export type TrialOutcome =
  /** `overlapped`: whether two workers' bodies ran at the same time (absent when not measured: remote workers). */
  | { state: 'completed'; image: Uint8Array; ms: number; steps?: TracedStep[]; overlapped?: boolean }
  | Failure;

export type Failure =
  | { state: 'hung'; workers: number[]; afterMs: number }
  | { state: 'deadlocked'; cycle: string }
  | { state: 'threw'; worker: number; message: string; stack?: string }
  | { state: 'crashed'; worker: number; message: string };

/** A crew's part of one trial: done (with what it measured), or how it failed. */
/** `steps` only when traced; `spans` only when every worker's clock is this machine's. */
export type CrewResult = { state: 'done'; steps?: TracedStep[]; spans?: Span[] } | Failure;

/** Workers that run their part of a trial when told, on memory someone else has reset. */
export interface Crew {
  runTrial(trial: number): Promise<CrewResult>;
  /** Stops every worker. Safe to call twice. */
  close(): Promise<void>;
}

/** The runner's one view of the workers: the outcomes of up to `trials` trials, in order, ending after the first failure. */
export interface Executor extends Crew {
  /** Aborting `signal` closes the executor; the iteration then ends without another outcome. */
  run(trials: number, signal?: AbortSignal): AsyncIterable<TrialOutcome>;
}

/** Runs a start; Ctrl-C meanwhile closes the crew, so the start fails at once instead of waiting for slow workers. */
export async function closeOnAbort(crew: Crew, signal: AbortSignal | undefined, start: () => Promise<void>): Promise<void> {
  const stop = (): void => void crew.close();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    await start();
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

/** The spec's memory, as the workers will open it. */
export type ExecutorMemory = Pick<Memory, 'spec' | 'local' | 'ownLocks' | 'fds' | 'reset' | 'snapshot'>;
