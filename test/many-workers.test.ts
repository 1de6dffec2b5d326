// 64 workers on a 2-core machine: more workers than cores still start
// together, finish, and with the lock never lose an update.
import { describe, expect, it } from 'vitest';
import { runTrials } from '../dist/src/run/runner.js';
import { loadScenario } from '../dist/src/scenario/catalog.js';

describe.each(['threads', 'processes'] as const)('64 workers on %s', (engine) => {
  it('locked thread-counter: the expected 640 in every trial', async () => {
    const loaded = await loadScenario('thread-counter');
    const workload = { workers: 64, iterations: 10, window: 0, pause: 0 };
    const result = await runTrials({ loaded, engine, lock: true, trials: 3, workload, timeoutMs: 120_000 });
    expect(result.outcomes).toEqual([{ final: { counter: 640 }, trials: 3, share: 1, raced: false, lost: 0, verdict: 'expected' }]);
  });
});
