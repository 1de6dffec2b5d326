// --json: one document on stdout in DESIGN.md's shape, nothing on stderr.
import { describe, expect, it } from 'vitest';
import { racedemo } from './cli.js';

describe('run --json', () => {
  it('without the lock: the documented fields, races counted, exit 0', async () => {
    const { code, stdout, stderr } = await racedemo(['run', 'thread-counter', '--no-lock', '--trials', '30', '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const document = JSON.parse(stdout);
    expect(Object.keys(document)).toEqual(['schemaVersion', 'kind', 'tool', 'scenario', 'engine', 'lock', 'options', 'expected', 'outcomes', 'races', 'lostUpdates', 'timing']);
    expect(document).toMatchObject({ schemaVersion: 1, kind: 'run', scenario: 'thread-counter', engine: 'threads', lock: false });
    expect(document.tool).toEqual({ name: 'racedemo', version: '0.1.0', node: process.version });
    expect(document.options).toEqual({ trials: 30, workers: 2, iterations: 10, window: 0.2, pause: 0, timeout: 30000 });
    expect(document.expected).toEqual({ counter: 20 });
    expect(Object.keys(document.outcomes[0])).toEqual(['final', 'trials', 'share', 'raced', 'lost']);
    expect(document.outcomes.reduce((sum: number, outcome: { trials: number }) => sum + outcome.trials, 0)).toBe(30);
    expect(document.races.count).toBeGreaterThan(0);
    expect(Object.keys(document.timing.perTrialMs)).toEqual(['min', 'median', 'mean', 'max']);
  });

  it('with the lock: zero races and the expected value in every trial', async () => {
    const { code, stdout } = await racedemo(['run', 'process-array', '--trials', '20', '--json']);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.races).toEqual({ count: 0, rate: 0 });
    expect(document.outcomes).toEqual([{ final: { numbers: [200, 300, 400] }, trials: 20, share: 1, raced: false, lost: 0 }]);
  });

  it('--compare --json: a comparison of the unlocked and the locked run, with the lock cost', async () => {
    const { code, stdout } = await racedemo(['run', 'process-value', '--compare', '--trials', '10', '--json']);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.kind).toBe('comparison');
    expect(document.runs.map((run: { lock: boolean }) => run.lock)).toEqual([false, true]);
    expect(document.runs[1].races.count).toBe(0);
    expect(typeof document.lockCost).toBe('number');
  });

  it('list --json: name, summary, engine and defaults of every scenario', async () => {
    const { code, stdout } = await racedemo(['list', '--json']);
    expect(code).toBe(0);
    const list = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(list.map((entry) => entry.name)).toEqual(expect.arrayContaining(['thread-counter', 'queue-workers', 'process-value', 'process-array']));
    for (const entry of list) expect(Object.keys(entry)).toEqual(['name', 'summary', 'engine', 'defaults']);
  });
});
