// One execution of every worker body in this thread, under the explorer's
// scheduler (scheduler.ts), which lets exactly one worker move at a time.
// Each shared read or write, and each lock acquire, is a switch point: the
// worker parks there until the chooser picks it. Sleeps change no shared
// state, so they are not switch points (they would only repeat the same
// interleavings of accesses).
import { messageOf } from '../errors.js';
import { createHandles, ViewAccess } from '../memory/handles.js';
import type { MemoryLayout } from '../memory/layout.js';
import { noLock } from '../worker/lock.js';
import { lockNamesOf } from '../scenario/lock-names.js';
import type { Lock, MemoryValues, MemorySpec, Scenario, Workload } from '../scenario/api.js';
import type { Step } from '../worker/steps.js';
import { Scheduler, type Chooser, type Interrupted } from './scheduler.js';

export type ExecutionResult = { state: 'completed'; final: MemoryValues<MemorySpec>; steps: Step[] } | Interrupted;

/** What every body of one execution shares. */
interface Shared {
  scenario: Scenario;
  workload: Workload;
  layout: MemoryLayout;
  /** One view of the execution's memory, read and written by every body. */
  access: ViewAccess;
  scheduler: Scheduler;
  lockNames: string[];
  locked: boolean;
}

export async function execute(
  scenario: Scenario,
  layout: MemoryLayout,
  workload: Workload,
  locked: boolean,
  choose: Chooser,
): Promise<ExecutionResult> {
  const buffer = new ArrayBuffer(layout.size);
  new Uint8Array(buffer).set(layout.initialImage());
  const lockNames = lockNamesOf(scenario);
  const scheduler = new Scheduler(workload.workers, lockNames);
  const shared: Shared = { scenario, workload, layout, access: new ViewAccess(buffer), scheduler, lockNames, locked };
  // Each body runs on to its first switch point now, then waits to be chosen.
  const bodies = Array.from({ length: workload.workers }, (_, index) => runBody(shared, index + 1));
  const interrupted = await scheduler.run(choose);
  if (interrupted) return interrupted;
  await Promise.all(bodies);
  return { state: 'completed', final: layout.decode(new Uint8Array(buffer)), steps: scheduler.steps };
}

/** One worker's body, parking at each access and acquire, and telling the scheduler how it ended. */
async function runBody({ scenario, workload, layout, access, scheduler, lockNames, locked }: Shared, worker: number): Promise<void> {
  const memory = createHandles(layout, access, {
    before: () => scheduler.park(worker),
    after: (event) => scheduler.steps.push({ worker, ...event }),
  });
  const { lock, locks } = bodyLocks(scheduler, worker, lockNames, locked);
  try {
    await scenario.worker({ memory, lock, locks, sleep: async () => {}, options: workload, worker });
  } catch (error) {
    scheduler.fail(worker, messageOf(error));
  } finally {
    scheduler.finish(worker);
  }
}

/** The scenario's one lock and its named locks, for one worker: scheduler locks, or no-ops without --lock. */
function bodyLocks(scheduler: Scheduler, worker: number, names: string[], locked: boolean): { lock: Lock; locks: Record<string, Lock> } {
  const locks = names.map((_, lock) => (locked ? scheduler.lock(worker, lock) : noLock));
  const named = Object.fromEntries(names.slice(1).map((name, lock) => [name, locks[lock + 1] ?? noLock]));
  return { lock: locks[0] ?? noLock, locks: named };
}
