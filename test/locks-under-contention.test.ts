// The mutex (threads) and the bakery lock (processes) under heavy contention:
// no window, several workers, many iterations; never a lost update.
import { expect, it } from 'vitest';
import { runTrials } from '../dist/src/runner.js';
import { loadScenario } from '../dist/src/scenarios.js';

it('threads: thread-counter, 4 workers × 1000 iterations, window 0: 0 races in 300 trials', async () => {
  const loaded = await loadScenario('thread-counter');
  const workload = { workers: 4, iterations: 1000, window: 0, pause: 0 };
  const result = await runTrials({ loaded, engine: 'threads', lock: true, trials: 300, workload, timeoutMs: 60_000 });
  expect(result.races.count).toBe(0);
  expect(result.outcomes).toEqual([{ final: { counter: 4000 }, trials: 300, share: 1, raced: false, lost: 0 }]);
});

it('processes: process-value, 4 workers × 300 iterations, window 0: 0 races in 20 trials', async () => {
  const loaded = await loadScenario('process-value');
  const workload = { workers: 4, iterations: 300, window: 0, pause: 0 };
  const result = await runTrials({ loaded, engine: 'processes', lock: true, trials: 20, workload, timeoutMs: 60_000 });
  expect(result.races.count).toBe(0);
  expect(result.outcomes[0]?.final).toEqual({ value: 1200 });
});

it('without the lock, the same contention loses updates (the test above can fail)', async () => {
  const loaded = await loadScenario('thread-counter');
  const workload = { workers: 4, iterations: 1000, window: 0, pause: 0 };
  const result = await runTrials({ loaded, engine: 'threads', lock: false, trials: 30, workload, timeoutMs: 60_000 });
  expect(result.races.count).toBeGreaterThan(0);
});
