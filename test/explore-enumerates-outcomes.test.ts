// explore: the deterministic scheduler finds every possible final value, and
// only the expected one when the lock is on.
import { describe, expect, it } from 'vitest';
import { explore } from '../dist/src/explore/explore.js';
import { loadScenario } from '../dist/src/scenario/catalog.js';

const exhaustive = { kind: 'exhaustive', maxSchedules: 100_000 } as const;
const finals = (outcomes: Array<{ final: unknown; schedules: number }>): Array<[unknown, number]> =>
  outcomes.map((outcome) => [outcome.final, outcome.schedules]);

describe('explore thread-counter, 2 workers × 1 iteration', () => {
  const workload = { workers: 2, iterations: 1, window: 0, pause: 0 };

  it('without the lock: exactly {1, 2}, over all 6 interleavings of two reads and two writes', async () => {
    const { scenario } = await loadScenario('thread-counter');
    const result = await explore({ scenario, workload, lock: false, mode: exhaustive });
    expect(result.complete).toBe(true);
    expect(result.schedules).toBe(6);
    expect(finals(result.outcomes)).toEqual([
      [{ counter: 2 }, 2],
      [{ counter: 1 }, 4],
    ]);
  });

  it('with the lock: only {2}', async () => {
    const { scenario } = await loadScenario('thread-counter');
    const result = await explore({ scenario, workload, lock: true, mode: exhaustive });
    expect(result.complete).toBe(true);
    expect(finals(result.outcomes)).toEqual([[{ counter: 2 }, 2]]);
  });

  it('the witness of 1 has both reads before the first write', async () => {
    const { scenario } = await loadScenario('thread-counter');
    const result = await explore({ scenario, workload, lock: false, mode: exhaustive });
    const lost = result.outcomes.find((outcome) => outcome.raced);
    expect(lost?.witness.map((step) => step.op)).toEqual(['read', 'read', 'write', 'write']);
  });
});

describe('explore with the lock leaves only the expected value', () => {
  // queue-workers has many more switch points per item (head, takes, cursor, transcript): one item each.
  it.each([
    ['thread-counter', 2],
    ['process-value', 2],
    ['process-array', 2],
    ['queue-workers', 1],
  ] as const)('%s, 2 workers × %i iterations', async (name, iterations) => {
    const { scenario } = await loadScenario(name);
    const workload = { workers: 2, iterations, window: 0, pause: 0 };
    const result = await explore({ scenario, workload, lock: true, mode: exhaustive });
    expect(result.complete).toBe(true);
    expect(result.outcomes).toHaveLength(1);
    expect(result.outcomes[0]?.final).toEqual(scenario.expected(workload));
  });
});

describe('explore --max-schedules', () => {
  it('stops at the limit and says the enumeration is incomplete', async () => {
    const { scenario } = await loadScenario('process-array');
    const result = await explore({
      scenario,
      workload: { workers: 2, iterations: 1, window: 0, pause: 0 },
      lock: false,
      mode: { kind: 'exhaustive', maxSchedules: 10 },
    });
    expect(result.schedules).toBe(10);
    expect(result.complete).toBe(false);
  });
});
