// Every built-in scenario on both engines, with and without the lock, against
// the same expectations: the engine never changes the verdict.
import { describe, expect, it } from 'vitest';
import { runTrials } from '../dist/src/runner.js';
import { builtInScenarios, loadScenario } from '../dist/src/scenarios.js';

// lock-ordering deadlocks with its locks on purpose: deadlock-is-detected.test.ts covers it.
const scenarios = builtInScenarios.filter((name) => name !== 'lock-ordering');

describe.each(scenarios)('%s', (name) => {
  describe.each(['threads', 'processes'] as const)('on %s', (engine) => {
    it('locked: 0 races and the expected value in every trial', async () => {
      const loaded = await loadScenario(name);
      const workload = loaded.scenario.defaults;
      const result = await runTrials({ loaded, engine, lock: true, trials: 20, workload, timeoutMs: 60_000 });
      expect(result.races.count).toBe(0);
      expect(result.outcomes).toEqual([{ final: loaded.scenario.expected(workload), trials: 20, share: 1, raced: false, lost: 0 }]);
    });

    it('unlocked: at least one race', async () => {
      const loaded = await loadScenario(name);
      // A window that really sleeps makes a race near-certain even on a loaded machine.
      const workload = { ...loaded.scenario.defaults, window: Math.max(loaded.scenario.defaults.window, 0.2) };
      const result = await runTrials({ loaded, engine, lock: false, trials: 30, workload, timeoutMs: 60_000 });
      expect(result.races.count).toBeGreaterThan(0);
    });
  });
});
