// Every built-in scenario on both engines, with and without the lock, against
// the same expectations: the engine never changes the verdict.
//
// Locked: the scenario's defaults, 0 races and the expected value in every
// trial. Unlocked: at least one race. A zero window can make the workers run
// one after the other on a loaded machine, on either engine (process-value on
// threads races in none of 50 trials with two cores busy; on processes, its
// own engine, in none of 40 at a load average of 12), so the race window is
// one that really sleeps and gives the CPU away: at least 0.2 ms.
import { describe, expect, it } from 'vitest';
import { canonicalKey } from '../dist/src/run/judge.js';
import { runTrials } from '../dist/src/run/runner.js';
import { builtInScenarios, loadScenario } from '../dist/src/scenario/catalog.js';

// lock-ordering deadlocks with its locks on purpose: deadlock-is-detected.test.ts covers it.
const scenarios = builtInScenarios.filter((name) => name !== 'lock-ordering');

it('the four scenarios of the tutorial are built in', () => {
  expect(builtInScenarios).toEqual(expect.arrayContaining(['thread-counter', 'queue-workers', 'process-value', 'process-array']));
});

describe.each(scenarios)('%s', (name) => {
  describe.each(['threads', 'processes'] as const)('on %s', (engine) => {
    it('locked, with the defaults: 0 races and the expected value in every one of 20 trials', async () => {
      const loaded = await loadScenario(name);
      const workload = loaded.scenario.defaults;
      const result = await runTrials({ loaded, engine, lock: true, trials: 20, workload, timeoutMs: 60_000 });
      expect(result.races).toMatchObject({ count: 0, rate: 0 });
      expect(result.outcomes).toEqual([{ final: loaded.scenario.expected(workload), trials: 20, share: 1, raced: false, lost: 0, verdict: 'expected' }]);
    });

    it('unlocked: at least one race in 40 trials', async () => {
      const loaded = await loadScenario(name);
      const { defaults } = loaded.scenario;
      const workload = { ...defaults, window: Math.max(defaults.window, 0.2) };
      const result = await runTrials({ loaded, engine, lock: false, trials: 40, workload, timeoutMs: 60_000 });
      expect(result.races.count).toBeGreaterThan(0);
      // A raced outcome is never the expected value.
      const expected = canonicalKey(loaded.scenario.expected(workload));
      for (const outcome of result.outcomes) expect(outcome.raced).toBe(canonicalKey(outcome.final) !== expected);
    });
  });
});
