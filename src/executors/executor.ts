// The one small interface the runner sees. An engine starts its workers once,
// runs trials on fresh shared memory, and cleans everything up on close().
// Which engine runs is chosen in start.ts and invisible past it.
import type { MemoryLayout } from '../memory/layout.js';
import type { StoreSpec } from '../stores/store.js';
import type { EngineName, Scenario, Workload } from '../scenario/api.js';
import type { TracedStep } from '../worker/steps.js';

export interface EngineSetup {
  scenario: Scenario;
  /** The module URL workers import the scenario from. */
  scenarioUrl: string;
  layout: MemoryLayout;
  options: Workload;
  /** Whether the lock is real (false: --no-lock). */
  lock: boolean;
  /** Record each trial's accesses and lock acquires (--trace). */
  trace: boolean;
  /** Limit for one trial, in milliseconds. */
  timeoutMs: number;
  /** How many trials the run will ask for: an engine may run up to that many ahead. Unknown: one at a time. */
  trials?: number;
  /** Where the slots live when not in the engine's memory (--store): each worker connects to it. */
  store?: StoreSpec;
  /** Workers that join through the store from `racedemo worker` (--remote-workers); the engine runs the rest. */
  remoteWorkers?: number;
  /** With remote workers: the shared secret that signs every message on the store's channels. */
  secret?: Buffer;
  /** Aborted on Ctrl-C: a start that waits on others (remote workers joining) gives up. */
  signal?: AbortSignal;
}

/** How many workers the engine itself runs, numbered from 1; remote workers come after them. */
export function localWorkers(setup: EngineSetup): number {
  return setup.options.workers - (setup.remoteWorkers ?? 0);
}

/** Time a worker gets to start and import the scenario, on top of the trial timeout. */
export const STARTUP_MS = 20_000;

/** How one trial ended. Anything but `completed` ends the run. */
export type TrialOutcome =
  /** `overlapped`: whether two workers' bodies ran at the same time (absent when not measured: remote workers). */
  | { state: 'completed'; image: Uint8Array; ms: number; steps?: TracedStep[]; overlapped?: boolean }
  | { state: 'hung'; workers: number[]; afterMs: number }
  | { state: 'deadlocked'; cycle: string }
  | { state: 'threw'; worker: number; message: string; stack?: string }
  | { state: 'crashed'; worker: number; message: string };

export interface Engine {
  readonly name: EngineName;
  runTrial(): Promise<TrialOutcome>;
  /** Stops every worker and frees shared memory. Safe to call twice. */
  close(): Promise<void>;
}

/** Runs an engine's start; Ctrl-C meanwhile closes the engine, so the start fails at once instead of waiting for slow workers. */
export async function closeOnAbort(engine: Engine, signal: AbortSignal | undefined, start: () => Promise<void>): Promise<void> {
  const stop = (): void => void engine.close();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    await start();
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}
