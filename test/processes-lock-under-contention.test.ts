// The processes engine's lock (a one-byte token in a named pipe) under
// heavy contention: four processes, 200 increments each, no race window. With
// the lock no update is ever lost; without it the same workload loses some.
import { expect, it } from 'vitest';
import { runTrials } from '../dist/src/run/runner.js';
import { loadScenario } from '../dist/src/scenario/catalog.js';

const workload = { workers: 4, iterations: 200, window: 0, pause: 0 };

it('thread-counter on processes, locked: 0 races in 100 trials, the counter is 800 every time', async () => {
  const loaded = await loadScenario('thread-counter');
  const result = await runTrials({ loaded, engine: 'processes', lock: true, trials: 100, workload, timeoutMs: 60_000 });
  expect(result.races).toMatchObject({ count: 0, rate: 0 });
  expect(result.outcomes).toEqual([{ final: { counter: 800 }, trials: 100, share: 1, raced: false, lost: 0, verdict: 'expected' }]);
});

it('process-array, locked: every element gets all 800 additions in 20 trials', async () => {
  const loaded = await loadScenario('process-array');
  const result = await runTrials({ loaded, engine: 'processes', lock: true, trials: 20, workload, timeoutMs: 60_000 });
  expect(result.outcomes).toEqual([{ final: { numbers: [800, 900, 1000] }, trials: 20, share: 1, raced: false, lost: 0, verdict: 'expected' }]);
});

it('unlocked, the same workload loses updates in at least one of 30 trials', async () => {
  const loaded = await loadScenario('thread-counter');
  const result = await runTrials({ loaded, engine: 'processes', lock: false, trials: 30, workload, timeoutMs: 60_000 });
  expect(result.races.count).toBeGreaterThan(0);
});
