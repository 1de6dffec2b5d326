// The extra lessons: unlocked they race at least once, locked never, on both engines.
import { describe, expect, it } from 'vitest';
import { runTrials } from '../dist/src/runner.js';
import { loadScenario } from '../dist/src/scenarios.js';

describe.each(['bank-transfer', 'check-then-act'])('%s', (name) => {
  describe.each(['threads', 'processes'] as const)('on %s', (engine) => {
    it('with the lock: every trial ends at the expected value', async () => {
      const loaded = await loadScenario(name);
      const workload = loaded.scenario.defaults;
      const result = await runTrials({ loaded, engine, lock: true, trials: 15, workload, timeoutMs: 60_000 });
      expect(result.races.count).toBe(0);
      expect(result.outcomes).toEqual([{ final: loaded.scenario.expected(workload), trials: 15, share: 1, raced: false, lost: 0 }]);
    });

    it('without the lock: at least one trial races', async () => {
      const loaded = await loadScenario(name);
      const result = await runTrials({ loaded, engine, lock: false, trials: 30, workload: loaded.scenario.defaults, timeoutMs: 60_000 });
      expect(result.races.count).toBeGreaterThan(0);
    });
  });
});
