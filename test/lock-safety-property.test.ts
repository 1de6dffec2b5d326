// Lock safety as a property: for random workloads on both engines, a locked
// run never races and every trial ends at the expected value. The generator
// is seeded, so a failure names a case that can be replayed.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../dist/src/explore/explore.js';
import { runTrials } from '../dist/src/run/runner.js';
import { loadScenario } from '../dist/src/scenario/catalog.js';

const seed = Number(process.env.RACEDEMO_PROPERTY_SEED ?? 20261125);
const next = seededRandom(seed);
const between = (low: number, high: number): number => low + Math.floor(next() * (high - low + 1));

const cases = Array.from({ length: 8 }, (_, index) => {
  const engine = index % 2 === 0 ? ('threads' as const) : ('processes' as const);
  const workers = between(2, 16);
  // Keep each case short: the lock serialises workers × iterations windows.
  const window = Math.round(next() * 1000) / 1000;
  const iterations = window > 0.2 ? between(1, 4) : between(5, 60);
  return { engine, workers, iterations, window, scenario: index % 4 < 2 ? 'thread-counter' : 'process-array' };
});

describe(`lock safety (seed ${seed})`, () => {
  it.each(cases)('$scenario on $engine, $workers workers × $iterations iterations, window $window ms: no race', async (c) => {
    const loaded = await loadScenario(c.scenario);
    const workload = { workers: c.workers, iterations: c.iterations, window: c.window, pause: 0 };
    const result = await runTrials({ loaded, engine: c.engine, lock: true, trials: 8, workload, timeoutMs: 60_000 });
    expect(result.races.count).toBe(0);
    expect(result.outcomes).toHaveLength(1);
    expect(result.outcomes[0]?.final).toEqual(loaded.scenario.expected(workload));
    expect(result.outcomes[0]?.trials).toBe(8);
  });
});
