// The trace a run shows is the first raced trial whose steps show the lost
// update: a worker preempted between its access and noting it can put two
// steps out of order, and such a trace would not show what went wrong. When no
// raced trial's steps show one (races that are not lost updates), the first.
import { describe, expect, it } from 'vitest';
import { TraceChoice, type TraceRecord } from '../dist/src/run/runner.js';

const step = (worker: number, op: 'read' | 'write', value: number, us: number) => ({ worker, op, slot: 'counter', value, us });
/** Both read 0, both write 1: worker 2's write overwrites worker 1's. */
const shows: TraceRecord = { trial: 7, steps: [step(1, 'read', 0, 0), step(2, 'read', 0, 1), step(1, 'write', 1, 2), step(2, 'write', 1, 3)] };
/** The same trial with worker 2's read noted late: no step overwrites a write made since the writer's read. */
const outOfOrder: TraceRecord = { trial: 3, steps: [step(1, 'read', 0, 0), step(1, 'write', 1, 2), step(2, 'read', 0, 2), step(2, 'write', 1, 3)] };

describe('the trace a run shows', () => {
  it('is the first raced trial whose steps show the lost update', () => {
    const choice = new TraceChoice();
    choice.offer(() => outOfOrder);
    choice.offer(() => shows);
    choice.offer(() => ({ ...shows, trial: 9 }));
    expect(choice.chosen()?.trial).toBe(7);
  });

  it('is the first raced trial when none shows one, and null when none raced', () => {
    const choice = new TraceChoice();
    expect(choice.chosen()).toBeNull();
    choice.offer(() => outOfOrder);
    choice.offer(() => ({ ...outOfOrder, trial: 5 }));
    expect(choice.chosen()?.trial).toBe(3);
  });
});
