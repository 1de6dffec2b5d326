// The IPC messages between the parent and a child, both ways.
import type { Workload } from '../../scenario.js';
import type { StoreSpec } from '../../stores/store.js';
import type { WorkerReport } from '../../worker-runtime.js';

export type ToChild =
  | {
      type: 'init';
      segmentPath: string;
      scenarioUrl: string;
      options: Workload;
      /** Children in the pool (the barrier's count): the workers less any remote ones. */
      workers: number;
      lock: boolean;
      /** Where the slots live, when not in the segment (--store). */
      store?: StoreSpec;
      trace: boolean;
      /** 1-based. */
      worker: number;
    }
  | { type: 'trial'; trial: number };

export type ToParent =
  | { type: 'ready' }
  | { type: 'init-failed'; message: string }
  | { type: 'report'; trial: number; report: WorkerReport };
