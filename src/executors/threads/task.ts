// Piscina task handler: one task is one worker's part of one trial. The
// scenario module is imported, and the worker's half of the memory opened,
// once per thread.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { MemoryLayout } from '../../memory/layout.js';
import { openWorkerMemory, type MemorySpec, type WorkerMemory } from '../../memory/backend.js';
import { lockFrom, workerLocks } from '../../worker/lock.js';
import { lockNamesOf } from '../../scenario/lock-names.js';
import type { Scenario, Workload } from '../../scenario/api.js';
import { requireScenarioModule } from '../../scenario/module.js';
import { catchStrayErrors, runWorker, type WorkerReport } from '../../worker/runtime.js';
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

// A scenario's console output is the author's debugging aid, never racedemo's
// result: a worker thread's stdout would land in the parent's stdout (in the
// middle of a JSON document), so it goes to stderr, as in child processes.
console.log = console.error;
console.info = console.error;
console.debug = console.error;
// And so does what a body writes to process.stdout itself, or to descriptor 1
// (a thread shares the process's descriptors): fs is this thread's own copy.
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
for (const name of ['write', 'writeSync', 'writev', 'writevSync'] as const) {
  const write = fs[name] as (fd: number, ...rest: unknown[]) => unknown;
  (fs as Record<typeof name, unknown>)[name] = (fd: number, ...rest: unknown[]) => write(fd === 1 ? 2 : fd, ...rest);
}
syncBuiltinESMExports();
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

