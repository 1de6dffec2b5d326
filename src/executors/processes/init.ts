// The first message to a child: everything it needs, as plain data, and the
// numbers under which it finds its inherited descriptors.
import type { ExecutorMemory, ExecutorSpec } from '../executor.js';
import type { ToChild } from './messages.js';
import type { SegmentLayout } from './segment.js';

/** Where a child finds its inherited descriptors: after stdin, stdout, stderr and the IPC channel. */
const FIRST_INHERITED_FD = 4;

/** The init message for `worker`; the descriptors come in the order the parent passes them: segment, lock pipes, memory. */
export function childInit(spec: ExecutorSpec, memory: ExecutorMemory, layout: SegmentLayout, pipes: number, worker: number, batched: boolean): ToChild {
  const after = (start: number, count: number): number[] => Array.from({ length: count }, (_, index) => start + index);
  const { scenarioUrl, options, workers, lock, trace, watchDeadlock } = spec;
  return {
    type: 'init',
    segmentFd: FIRST_INHERITED_FD,
    lockFds: after(FIRST_INHERITED_FD + 1, pipes),
    memory: memory.spec,
    memoryFds: after(FIRST_INHERITED_FD + 1 + pipes, memory.fds.length),
    batched,
    watchDeadlock,
    scenarioUrl,
    options,
    workers,
    ringSlots: layout.ringSlots,
    lock,
    trace,
    worker,
  };
}
