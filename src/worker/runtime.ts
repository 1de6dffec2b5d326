// Runs one worker's body for one trial, the same way in a thread, a child
// process or a remote worker: the executor supplies the worker's half of the
// memory and the locks, this supplies the context and turns the outcome into a
// small, cloneable report.
import { messageOf } from '../errors.js';
import { performance } from 'node:perf_hooks';
import { lockFrom, noLock } from './lock.js';
import { createHandles, type AccessEvent } from '../memory/handles.js';
import type { WorkerMemory } from '../memory/backend.js';
import type { MemoryLayout } from '../memory/layout.js';
import type { Lock, Scenario, Workload } from '../scenario/api.js';
import { sleep } from './sleep.js';
import { TRACE_LIMIT, type Step, type TracedStep } from './steps.js';
import { boardedLock, type LockBoard } from './deadlock.js';
import { lockNamesOf } from '../scenario/lock-names.js';
import { monotonicUs, type Span } from './span.js';


/** How one worker's part of a trial ended. */
export type WorkerReport =
  | { state: 'done'; worker: number; ms: number; steps?: TracedStep[]; span?: Span }
  | { state: 'threw'; worker: number; message: string; stack?: string };

export interface WorkerTask {
  scenario: Scenario;
  layout: MemoryLayout;
  /** The worker's half of the memory: its accesses, and the hook that runs once the body has returned or thrown (a store gives back the locks the body still holds). */
  memory: Pick<WorkerMemory, 'access' | 'endTrial'>;
  /** The scenario's locks, as the executor or the memory implements them: index 0 is `lock`, then `scenario.locks` in order. */
  locks: Lock[];
  /** Where held and awaited locks are noted, for deadlock detection (given when deadlocks are watched for). */
  board?: LockBoard;
  options: Workload;
  worker: number;
  /** Record every access and lock acquire, with its time. */
  trace: boolean;
}

/** Where an error thrown outside any await of a body goes: the trial under way, or, between trials, the next one. */
let strayListener: ((error: unknown) => void) | undefined;
let strayError: { error: unknown } | undefined;

/**
 * Makes an error that a body throws outside any await (a timer's callback, a
 * rejection nobody handled) fail this worker's trial, as a throw in the body
 * does, instead of killing the process (processes) or going unnoticed
 * (threads). Called once by each executor's worker: the thread or child is
 * racedemo's own, never the CLI's main thread.
 */
export function catchStrayErrors(): void {
  const onStray = (error: unknown): void => {
    if (strayListener) strayListener(error);
    else strayError ??= { error };
  };
  process.on('uncaughtException', onStray);
  process.on('unhandledRejection', onStray);
}

/** Rejects with the next stray error (at once if one is waiting); `stop` ends the watch. */
function strayErrors(): { failed: Promise<never>; stop: () => void } {
  const failed = new Promise<never>((_, reject) => {
    if (strayError) reject(strayError.error);
    else strayListener = reject;
  });
  strayError = undefined;
  return { failed, stop: () => (strayListener = undefined) };
}

export async function runWorker(task: WorkerTask): Promise<WorkerReport> {
  const report = await runBody(task);
  try {
    await task.memory.endTrial?.();
    return report;
  } catch (error) {
    return report.state === 'threw' ? report : { state: 'threw', worker: task.worker, message: messageOf(error) };
  }
}

async function runBody({ scenario, layout, memory: { access }, locks, board, options, worker, trace }: WorkerTask): Promise<WorkerReport> {
  const started = performance.now();
  const startUs = monotonicUs();
  const steps: TracedStep[] = [];
  const record = (step: Step): void => {
    if (steps.length < TRACE_LIMIT) steps.push({ ...step, t: process.hrtime.bigint() });
  };
  const names = lockNamesOf(scenario);
  const wrapped = locks.map((given, index) => {
    const boarded = board ? boardedLock(given, board, index, worker) : given;
    const lock = index === 0 ? undefined : names[index];
    return trace ? tracedLock(boarded, () => record({ worker, op: 'acquire', ...(lock ? { lock } : {}) })) : boarded;
  });
  const named = Object.fromEntries(names.slice(1).map((name, index) => [name, wrapped[index + 1] ?? noLock]));
  const observer = trace ? { after: (event: AccessEvent) => record({ worker, ...event }) } : {};
  const stray = strayErrors();
  try {
    const memory = createHandles(layout, access, observer);
    await Promise.race([scenario.worker({ memory, lock: wrapped[0] ?? noLock, locks: named, sleep, options, worker }), stray.failed]);
    const span = { startUs, endUs: monotonicUs() };
    return { state: 'done', worker, ms: performance.now() - started, span, ...(trace ? { steps } : {}) };
  } catch (error) {
    const message = messageOf(error);
    return { state: 'threw', worker, message, ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) };
  } finally {
    stray.stop();
  }
}

/** The same lock, noting each acquire once it is held. A no-op lock is not traced: nothing is acquired. */
function tracedLock(lock: Lock, acquired: () => void): Lock {
  if (lock === noLock) return lock;
  return lockFrom(
    async () => {
      await lock.acquire();
      acquired();
    },
    () => lock.release(),
  );
}
