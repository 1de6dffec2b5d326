// lock-ordering: two locks taken in opposite orders. With the locks the run
// stops with a deadlock report naming the cycle (never a hang); the explorer
// finds the deadlocking schedules; without the locks it only races.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { explore } from '../dist/src/explore/explore.js';
import { runTrials } from '../dist/src/run/runner.js';
import { loadScenario } from '../dist/src/scenario/catalog.js';

const run = promisify(execFile);
const bin = new URL('../bin/racedemo.js', import.meta.url).pathname;

describe.each(['threads', 'processes'] as const)('lock-ordering on %s', (engine) => {
  it('with the locks: the run fails with the wait-for cycle, well before the timeout', async () => {
    const loaded = await loadScenario('lock-ordering');
    const workload = { ...loaded.scenario.defaults, window: 2 };
    const attempt = runTrials({ loaded, engine, lock: true, trials: 20, workload, timeoutMs: 60_000 });
    await expect(attempt).rejects.toThrow(/deadlocked: worker \d holds account-\d and waits for account-\d; worker \d holds account-\d and waits for account-\d/);
  });

  it('without the locks: no deadlock, and the total drifts in some trial', async () => {
    const loaded = await loadScenario('lock-ordering');
    const result = await runTrials({ loaded, engine, lock: false, trials: 20, workload: loaded.scenario.defaults, timeoutMs: 60_000 });
    expect(result.races.count).toBeGreaterThan(0);
  });
});

it('the CLI reports the deadlock on one stderr line and exits 3', async () => {
  const failure = await run('node', [bin, 'run', 'lock-ordering', '--window', '2', '--trials', '20']).then(
    () => undefined,
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  expect(failure?.code).toBe(3);
  expect(failure?.stdout).toBe('');
  expect(failure?.stderr.trim().split('\n')).toHaveLength(1);
  expect(failure?.stderr).toMatch(/^racedemo: trial \d+ deadlocked: worker/);
});

it('explore finds exactly the expected total and the deadlock with the locks', async () => {
  const { scenario } = await loadScenario('lock-ordering');
  const result = await explore({
    scenario,
    workload: { workers: 2, iterations: 1, window: 0, pause: 0 },
    lock: true,
    mode: { kind: 'exhaustive', maxSchedules: 100_000 },
  });
  expect(result.complete).toBe(true);
  expect(result.outcomes.map((outcome) => outcome.final).sort()).toEqual(['deadlock', { total: 2000 }].sort());
});
