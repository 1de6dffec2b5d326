// The IPC messages between the parent and a child, both ways. Trials run in
// batches: one message starts a batch, one reply per child ends it, and the
// children meet at the segment's barriers in between.
import type { Workload } from '../../scenario/api.js';
import type { MemorySpec } from '../../memory/backend.js';
import type { WorkerReport } from '../../worker/runtime.js';

export type ToChild =
  | {
      type: 'init';
      /** The segment's descriptor, inherited from the parent (its name is already gone). */
      segmentFd: number;
      scenarioUrl: string;
      options: Workload;
      /** Children in the pool (the barrier's count): the workers less any remote ones. */
      workers: number;
      /** Trials a batch may hold (the segment's ring). */
      ringSlots: number;
      lock: boolean;
      /** The lock pipes' inherited descriptors, one per lock name (none under --no-lock or when the memory brings its own locks). */
      lockFds: number[];
      /** Where the slots live, as the parent sees them, and this child's numbers for the descriptors they need. */
      memory: MemorySpec;
      memoryFds: number[];
      /** The leader keeps each trial's image in the ring and resets the memory itself (local memory); else the parent does both. */
      batched: boolean;
      /** Note held and awaited locks on the segment's board. */
      watchDeadlock: boolean;
      trace: boolean;
      /** 1-based. */
      worker: number;
    }
  /** Run trials `first` to `first + count - 1`, or up to the first whose body throws. */
  | { type: 'batch'; first: number; count: number };

export type ToParent =
  | { type: 'ready' }
  | { type: 'init-failed'; message: string }
  /** A body threw: sent at once, since the other bodies of its trial may never finish without it (a lock it held). */
  | { type: 'threw'; trial: number; report: Extract<WorkerReport, { state: 'threw' }> }
  /** This child's report for each trial of the batch it ran, in order. */
  | { type: 'batch-done'; first: number; reports: WorkerReport[] };
