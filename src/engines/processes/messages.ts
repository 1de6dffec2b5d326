// The IPC messages between the parent and a child, both ways.
import type { Workload } from '../../scenario.js';
import type { WorkerReport } from '../../worker-runtime.js';

export type ToChild =
  | {
      type: 'init';
      segmentPath: string;
      scenarioUrl: string;
      options: Workload;
      lock: boolean;
      trace: boolean;
      /** 1-based. */
      worker: number;
    }
  | { type: 'trial'; trial: number };

export type ToParent =
  | { type: 'ready' }
  | { type: 'init-failed'; message: string }
  | { type: 'report'; trial: number; report: WorkerReport };
