// One execution of every worker body in this thread, under a scheduler that
// lets exactly one worker move at a time. Each shared read or write, and each
// lock acquire, is a switch point: the worker parks there until `choose`
// picks it. Sleeps change no shared state, so they are not switch points
// (they would only repeat the same interleavings of accesses).
import { messageOf } from '../errors.js';
import { createHandles, ViewAccess } from '../memory/handles.js';
import type { MemoryLayout } from '../memory/layout.js';
import { lockFrom, noLock } from '../worker/lock.js';
import { lockNamesOf } from '../scenario/lock-names.js';
import type { Lock, MemoryValues, MemorySpec, Scenario, Workload } from '../scenario/api.js';

import type { Step } from '../worker/steps.js';
import { withTimeout } from '../executors/timeout.js';

/** Picks the worker that moves next from those that can (worker numbers, ascending). */
export type Chooser = (runnable: number[]) => number;

export type ExecutionResult =
  | { state: 'completed'; final: MemoryValues<MemorySpec>; steps: Step[] }
  | { state: 'deadlocked'; steps: Step[]; waiting: number[] }
  | { state: 'threw'; steps: Step[]; worker: number; message: string }
  | { state: 'stuck'; steps: Step[]; workers: number[] };

/**
 * How long a body may wait on something outside the scheduler (a real timer,
 * a promise of its own) before it counts as never settling: the explorer
 * cannot switch away from such a wait, nor see its end coming.
 */
export const SETTLE_LIMIT_MS = 5000;

interface Parked {
  /** The lock index it waits to acquire, or undefined at a memory access. */
  acquiring: number | undefined;
  resume: () => void;
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function execute(
  scenario: Scenario,
  layout: MemoryLayout,
  workload: Workload,
  locked: boolean,
  choose: Chooser,
): Promise<ExecutionResult> {
  const buffer = new ArrayBuffer(layout.size);
  new Uint8Array(buffer).set(layout.initialImage());
  const access = new ViewAccess(buffer);
  const parked = new Map<number, Parked>();
  const steps: Step[] = [];
  const names = lockNamesOf(scenario);
  /** Lock index → the worker holding it. */
  const holders = new Map<number, number>();
  let failure: { worker: number; message: string } | undefined;
  /** Workers whose body has returned or thrown. */
  const finished = new Set<number>();
  /** Called when a body parks or finishes: the scheduler may be waiting for either. */
  let changed = (): void => {};
  const park = (worker: number, acquiring?: number): Promise<void> =>
    new Promise((resume) => {
      parked.set(worker, { acquiring, resume });
      changed();
    });

  const bodies = Array.from({ length: workload.workers }, async (_, index) => {
    const worker = index + 1;
    const memory = createHandles(layout, access, {
      before: () => park(worker),
      after: (event) => steps.push({ worker, ...event }),
    });
    const locks = names.map((_, lock) => (locked ? schedulerLock(worker, lock) : noLock));
    const named = Object.fromEntries(names.slice(1).map((name, lock) => [name, locks[lock + 1] ?? noLock]));
    try {
      await scenario.worker({ memory, lock: locks[0] ?? noLock, locks: named, sleep: async () => {}, options: workload, worker });
    } catch (error) {
      failure ??= { worker, message: messageOf(error) };
    } finally {
      finished.add(worker);
      changed();
    }
  });

  function schedulerLock(worker: number, lock: number): Lock {
    const acquire = async (): Promise<void> => {
      await park(worker, lock);
      holders.set(lock, worker);
      steps.push({ worker, op: 'acquire', ...(lock > 0 ? { lock: names[lock] } : {}) });
    };
    const release = async (): Promise<void> => {
      if (holders.get(lock) === worker) holders.delete(lock);
    };
    return lockFrom(acquire, release);
  }

  for (;;) {
    await settle();
    if (failure) return { state: 'threw', steps, ...failure };
    const runnable = [...parked.entries()]
      .filter(([, waiting]) => waiting.acquiring === undefined || !holders.has(waiting.acquiring))
      .map(([worker]) => worker)
      .sort((a, b) => a - b);
    if (runnable.length === 0) {
      if (parked.size > 0) return { state: 'deadlocked', steps, waiting: [...parked.keys()] };
      if (finished.size === workload.workers) break;
      // Some body waits on something outside the scheduler: give it time to park again or finish.
      const moved = new Promise<void>((resolve) => (changed = resolve));
      if ((await withTimeout(moved, SETTLE_LIMIT_MS)) === 'timeout') {
        const workers = Array.from({ length: workload.workers }, (_, index) => index + 1).filter((worker) => !finished.has(worker));
        return { state: 'stuck', steps, workers };
      }
      continue;
    }
    const next = choose(runnable);
    const chosen = parked.get(next);
    if (!chosen) throw new Error(`the scheduler chose worker ${next}, which cannot move`);
    parked.delete(next);
    chosen.resume();
  }
  await Promise.all(bodies);
  return { state: 'completed', final: layout.decode(new Uint8Array(buffer)), steps };
}
