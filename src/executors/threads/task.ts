// Piscina task handler: one task is one worker's part of one trial. The
// scenario module is imported, and the worker's half of the memory opened,
// once per thread.
import { MemoryLayout } from '../../memory/layout.js';
import { openWorkerMemory, type MemorySpec, type WorkerMemory } from '../../memory/backend.js';
import { lockFrom, workerLocks } from '../../worker/lock.js';
import { lockNamesOf } from '../../scenario/lock-names.js';
import type { Scenario, Workload } from '../../scenario/api.js';
import { requireScenarioModule } from '../../scenario/module.js';
import { catchStrayErrors, runWorker, type WorkerReport } from '../../worker/runtime.js';
import { bodyStdoutToStderr } from '../../worker/stdout.js';
import { arriveAndWait } from './barrier.js';
import { ThreadControl } from './control.js';
import { acquireMutex, releaseMutex } from './mutex.js';

export interface ThreadTask {
  scenarioUrl: string;
  options: Workload;
  /** Threads in the pool (the barrier's count): the workers less any remote ones. */
  workers: number;
  /** Where the slots live. */
  memory: MemorySpec;
  lock: boolean;
  /** Note held and awaited locks on the control block's board. */
  watchDeadlock: boolean;
  trace: boolean;
  worker: number;
  control: SharedArrayBuffer;
  /** Only import the scenario and meet at the barrier: readies every thread before trial 1. */
  warmUp?: boolean;
}

interface Prepared {
  scenario: Scenario;
  layout: MemoryLayout;
  memory: WorkerMemory;
}

let prepared: Promise<Prepared> | undefined;

// What a body prints goes to stderr: a thread's stdout is the parent's, in the middle of a JSON document.
bodyStdoutToStderr();
catchStrayErrors();

async function prepare(task: ThreadTask): Promise<Prepared> {
  const scenario = await requireScenarioModule(task.scenarioUrl);
  const layout = new MemoryLayout(scenario.memory(task.options));
  // Each thread opens its own half (over a network, its own connection, as each process of a real service would).
  const memory = await openWorkerMemory(task.memory, layout, lockNamesOf(scenario));
  return { scenario, layout, memory };
}

export default async function runThreadTask(task: ThreadTask): Promise<WorkerReport> {
  // A pool serves one run, so one scenario and one set of options per thread.
  prepared ??= prepare(task);
  const { scenario, layout, memory } = await prepared;
  const lockCount = lockNamesOf(scenario).length;
  const control = new ThreadControl(task.workers, lockCount, task.control);
  const { words } = control;
  const locks = workerLocks(lockCount, task.lock, memory.locks, (index) =>
    lockFrom(
      async () => acquireMutex(words, control.mutexIndex(index)),
      async () => releaseMutex(words, control.mutexIndex(index)),
    ),
  );
  arriveAndWait(words, control.barrier, task.workers);
  if (task.warmUp) return { state: 'done', worker: task.worker, ms: 0 };
  const report = await runWorker({
    scenario,
    layout,
    memory,
    locks,
    ...(task.watchDeadlock ? { board: control.board() } : {}),
    options: task.options,
    worker: task.worker,
    trace: task.trace,
  });
  Atomics.store(words, control.finishedIndex(task.worker), 1);
  return report;
}

