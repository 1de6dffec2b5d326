// explore --seed: the same seed samples the same schedules, another seed does not.
import { expect, it } from 'vitest';
import { explore } from '../dist/src/explore/explore.js';
import { loadScenario } from '../dist/src/scenario/catalog.js';

const sample = async (seed: number) => {
  const { scenario } = await loadScenario('process-array');
  return explore({
    scenario,
    workload: { workers: 2, iterations: 2, window: 0, pause: 0 },
    lock: false,
    mode: { kind: 'sampled', seed, schedules: 200 },
  });
};

it('the same seed gives the same outcomes, counts and witnesses twice', async () => {
  const first = await sample(42);
  const second = await sample(42);
  expect(second.outcomes).toEqual(first.outcomes);
  expect(first.schedules).toBe(200);
});

it('a different seed gives a different sample', async () => {
  const first = await sample(42);
  const other = await sample(43);
  expect(other.outcomes).not.toEqual(first.outcomes);
});
