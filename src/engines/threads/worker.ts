// Piscina task handler: one task is one worker's part of one trial. The
// scenario module is imported once per thread and cached.
import { ViewAccess } from '../../memory/handles.js';
import { MemoryLayout } from '../../memory/layout.js';
import { lockFrom, noLock } from '../../lock.js';
import type { Lock, Scenario, Workload } from '../../scenario.js';
import { requireScenarioModule } from '../../scenario-module.js';
import { runWorker, type WorkerReport } from '../../worker-runtime.js';
import { arriveAndWait } from './barrier.js';
import { BARRIER, MUTEX, finishedIndex } from './control.js';
import { acquireMutex, releaseMutex } from './mutex.js';

export interface ThreadTask {
  scenarioUrl: string;
  options: Workload;
  lock: boolean;
  trace: boolean;
  worker: number;
  memory: SharedArrayBuffer;
  control: SharedArrayBuffer;
}

interface Prepared {
  scenario: Scenario;
  layout: MemoryLayout;
}

let prepared: Promise<Prepared> | undefined;

async function prepare(task: ThreadTask): Promise<Prepared> {
  const scenario = await requireScenarioModule(task.scenarioUrl);
  return { scenario, layout: new MemoryLayout(scenario.memory(task.options)) };
}

export default async function runThreadTask(task: ThreadTask): Promise<WorkerReport> {
  // A pool serves one run, so one scenario and one set of options per thread.
  prepared ??= prepare(task);
  const { scenario, layout } = await prepared;
  const control = new Int32Array(task.control);
  const lock: Lock = task.lock
    ? lockFrom(
        async () => acquireMutex(control, MUTEX),
        async () => releaseMutex(control, MUTEX),
      )
    : noLock;
  arriveAndWait(control, BARRIER, task.options.workers);
  const report = await runWorker({
    scenario,
    layout,
    access: new ViewAccess(task.memory),
    lock,
    options: task.options,
    worker: task.worker,
    trace: task.trace,
  });
  Atomics.store(control, finishedIndex(task.worker), 1);
  return report;
}
