// Runs one worker's body for one trial, the same way on every engine: the
// engine supplies memory access and a lock, this supplies the context and
// turns the outcome into a small, cloneable report.
import { performance } from 'node:perf_hooks';
import { createHandles, type MemoryAccess } from './memory/handles.js';
import type { MemoryLayout } from './memory/layout.js';
import type { Lock, Scenario, Workload } from './scenario.js';
import { sleep } from './sleep.js';

/** How one worker's part of a trial ended. */
export type WorkerReport =
  | { state: 'done'; worker: number; ms: number }
  | { state: 'threw'; worker: number; message: string; stack?: string };

export interface WorkerTask {
  scenario: Scenario;
  layout: MemoryLayout;
  access: MemoryAccess;
  lock: Lock;
  options: Workload;
  worker: number;
}

export async function runWorker({ scenario, layout, access, lock, options, worker }: WorkerTask): Promise<WorkerReport> {
  const started = performance.now();
  try {
    await scenario.worker({ memory: createHandles(layout, access), lock, sleep, options, worker });
    return { state: 'done', worker, ms: performance.now() - started };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { state: 'threw', worker, message, ...(error instanceof Error && error.stack ? { stack: error.stack } : {}) };
  }
}
