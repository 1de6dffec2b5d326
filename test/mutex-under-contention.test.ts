// The threads engine's Atomics mutex under heavy contention: four threads,
// a thousand increments each, no race window. With the mutex no update is
// ever lost; the same workload without it loses some (so the check can fail).
import { expect, it } from 'vitest';
import { runTrials } from '../dist/src/run/runner.js';
import { loadScenario } from '../dist/src/scenario/catalog.js';

const workload = { workers: 4, iterations: 1000, window: 0, pause: 0 };

it('locked: 0 races in 200 trials, the counter is 4000 every time', async () => {
  const loaded = await loadScenario('thread-counter');
  const result = await runTrials({ loaded, engine: 'threads', lock: true, trials: 200, workload, timeoutMs: 60_000 });
  expect(result.races).toMatchObject({ count: 0, rate: 0 });
  expect(result.lostUpdates).toEqual({ total: 0, mean: 0, max: 0 });
  expect(result.outcomes).toEqual([{ final: { counter: 4000 }, trials: 200, share: 1, raced: false, lost: 0, verdict: 'expected' }]);
});

it('unlocked, the same workload loses updates in at least one of 30 trials', async () => {
  const loaded = await loadScenario('thread-counter');
  const result = await runTrials({ loaded, engine: 'threads', lock: false, trials: 30, workload, timeoutMs: 60_000 });
  expect(result.races.count).toBeGreaterThan(0);
  expect(result.lostUpdates.max).toBeGreaterThan(0);
});
