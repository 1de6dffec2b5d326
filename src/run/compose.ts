// The one place that decides how a run is carried out: where the slots live
// (a SharedArrayBuffer for threads, a shared file for processes, or the
// store), which executor runs the local workers, whether remote workers join,
// and whether deadlocks are watched for. Heavy parts (piscina, a store's
// driver) are imported only when asked for.
import type { Memory } from '../memory/backend.js';
import type { MemoryLayout } from '../memory/layout.js';
import type { Crew, Executor, ExecutorSpec, TrialOutcome } from '../executors/executor.js';
import type { EngineName, Workload } from '../scenario/api.js';
import type { StoreSpec } from '../stores/store.js';

export interface Plan {
  engine: EngineName;
  scenarioUrl: string;
  layout: MemoryLayout;
  lockNames: string[];
  options: Workload;
  lock: boolean;
  trace: boolean;
  timeoutMs: number;
  /** Where the slots live when not in the executor's own memory (--store). */
  store?: StoreSpec;
  /** Workers that join through the store from `racedemo worker`; the executor runs the rest. */
  remoteWorkers: number;
  /** With remote workers: the shared secret that signs every message. */
  secret?: Buffer;
  signal?: AbortSignal;
}

/** Deadlocks are watched for when the lock is on and the scenario has more than one. */
function watchesDeadlock(lock: boolean, lockNames: readonly string[]): boolean {
  return lock && lockNames.length > 1;
}

export async function startExecutor(plan: Plan): Promise<Executor> {
  const memory = await openMemory(plan);
  const crews: Crew[] = [];
  try {
    const local = plan.options.workers - plan.remoteWorkers;
    // Remote workers first: gathering them may take a while, and the local ones would sit idle meanwhile.
    const remote = plan.store && plan.remoteWorkers > 0 ? await startRemote(plan, plan.store, local + 1) : undefined;
    if (remote) crews.push(remote);
    const executor = local > 0 ? await startLocal(plan, local, memory) : undefined;
    if (executor) crews.unshift(executor);
    // Local and remote workers together run one trial at a time, around the coordinator's reset and read.
    if (executor && !remote) return withMemory(executor, memory);
    const { TrialSteps } = await import('../executors/steps.js');
    return withMemory(new TrialSteps(memory, crews), memory);
  } catch (error) {
    await Promise.allSettled(crews.map((crew) => crew.close()));
    await memory.close();
    throw error;
  }
}

/** Each engine: the memory its workers share when the slots are its own, and its executor. */
const engines: Record<EngineName, { memory(layout: MemoryLayout): Promise<Memory>; start(spec: ExecutorSpec, memory: Memory): Promise<Executor> }> = {
  threads: {
    memory: async (layout) => new (await import('../memory/buffer.js')).BufferMemory(layout),
    start: async (spec, memory) => (await import('../executors/threads/executor.js')).ThreadsExecutor.start(spec, memory),
  },
  processes: {
    memory: async (layout) => new (await import('../memory/file.js')).FileMemory(layout),
    start: async (spec, memory) => (await import('../executors/processes/executor.js')).ProcessesExecutor.start(spec, memory),
  },
};

async function openMemory(plan: Plan): Promise<Memory> {
  if (plan.store) return (await import('../stores/memory.js')).StoreMemory.open(plan.store, plan.layout, plan.lockNames);
  return engines[plan.engine].memory(plan.layout);
}

async function startRemote(plan: Plan, store: StoreSpec, first: number): Promise<Crew> {
  const { RemoteWorkers } = await import('../remote/coordinator.js');
  const { scenarioUrl, options, lock, timeoutMs, secret, signal } = plan;
  return RemoteWorkers.start({ store, secret, scenarioUrl, options, lock, timeoutMs, first, count: plan.remoteWorkers, ...(signal ? { signal } : {}) });
}

async function startLocal(plan: Plan, workers: number, memory: Memory): Promise<Executor> {
  const { scenarioUrl, options, lockNames, lock, trace, timeoutMs, signal } = plan;
  const spec: ExecutorSpec = {
    scenarioUrl,
    options,
    lockNames,
    lock,
    watchDeadlock: watchesDeadlock(lock, lockNames),
    trace,
    timeoutMs,
    workers,
    imageSize: plan.layout.size,
    ...(signal ? { signal } : {}),
  };
  return engines[plan.engine].start(spec, memory);
}

/** The executor, closing the memory after its workers (a store's rows are dropped once no worker holds them). */
function withMemory(executor: Executor, memory: Memory): Executor {
  let closing: Promise<void> | undefined;
  return {
    run: (trials: number, signal?: AbortSignal): AsyncIterable<TrialOutcome> => executor.run(trials, signal),
    runTrial: (trial) => executor.runTrial(trial),
    close: () =>
      (closing ??= (async () => {
        await executor.close();
        await memory.close();
      })()),
  };
}
