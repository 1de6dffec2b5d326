// run --trace: the first raced trial's interleaving, in time order, on both
// engines; in a lost update both reads come before the overwriting write.
import { describe, expect, it } from 'vitest';
import { runTrials } from '../dist/src/run/runner.js';
import { loadScenario } from '../dist/src/scenario/catalog.js';
import { lostUpdateMarks } from '../dist/src/worker/steps.js';

describe.each(['threads', 'processes'] as const)('trace on %s', (engine) => {
  it('a raced thread-counter trial shows both reads before the overwriting write', async () => {
    const loaded = await loadScenario('thread-counter');
    const workload = { workers: 2, iterations: 1, window: 2, pause: 0 };
    const result = await runTrials({ loaded, engine, lock: false, trials: 20, workload, timeoutMs: 30_000, trace: true });
    expect(result.races.count).toBeGreaterThan(0);
    const trace = result.trace;
    if (!trace) throw new Error('no trace recorded');
    const times = trace.steps.map((step) => step.us);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const marks = lostUpdateMarks(trace.steps);
    expect(marks.size).toBeGreaterThan(0);
    const overwrite = Math.min(...marks.keys());
    const reads = trace.steps.slice(0, overwrite).filter((step) => step.op === 'read');
    expect(new Set(reads.map((step) => step.worker))).toEqual(new Set([1, 2]));
  });

  it('with the lock no trial races, so there is no trace, and acquires are recorded', async () => {
    const loaded = await loadScenario('thread-counter');
    const workload = { workers: 2, iterations: 2, window: 0.1, pause: 0 };
    const result = await runTrials({ loaded, engine, lock: true, trials: 5, workload, timeoutMs: 30_000, trace: true });
    expect(result.races.count).toBe(0);
    expect(result.trace).toBeNull();
  });
});
