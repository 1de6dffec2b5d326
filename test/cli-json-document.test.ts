// --json: one document on stdout in the shape docs/output.md describes, nothing on stderr,
// exit 0 whether or not the run raced.
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { expectConsistentRun, type RunDocument } from './run-document.js';

describe('run --json', () => {
  it('without the lock: the documented fields, races counted, exit 0', async () => {
    const { code, stdout, stderr } = await runCli(['run', 'thread-counter', '--no-lock', '--trials', '30', '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const document = JSON.parse(stdout);
    expect(Object.keys(document)).toEqual(['schemaVersion', 'kind', 'tool', 'environment', 'scenario', 'engine', 'lock', 'options', 'expected', 'outcomes', 'races', 'lostUpdates', 'timing', 'overlap']);
    expect(document).toMatchObject({ schemaVersion: 1, kind: 'run', scenario: 'thread-counter', engine: 'threads', lock: false });
    expect(document.tool).toEqual({ name: 'racedemo', version: '0.1.0', node: process.version });
    expect(document.options).toEqual({ trials: 30, workers: 2, iterations: 10, window: 0.2, pause: 0, timeout: 30000 });
    expect(document.expected).toEqual({ counter: 20 });
    expect(Object.keys(document.outcomes[0])).toEqual(['final', 'trials', 'share', 'raced', 'lost', 'verdict']);
    expect(Object.keys(document.races)).toEqual(['count', 'rate', 'ci95']);
    expect(Object.keys(document.overlap)).toEqual(['trials', 'share']);
    expect(Object.keys(document.lostUpdates)).toEqual(['total', 'mean', 'max']);
    expect(Object.keys(document.timing)).toEqual(['totalMs', 'perTrialMs', 'medianCi95']);
    expect(Object.keys(document.timing.perTrialMs)).toEqual(['min', 'median', 'mean', 'max']);
    expectConsistentRun(document);
    // Each outcome's lost updates are the shortfall from the expected 20.
    for (const outcome of document.outcomes) expect(outcome.lost).toBe(20 - outcome.final.counter);
    expect(document.races.count).toBeGreaterThan(0);
  });

  it('--lock: zero races and the expected value in every trial', async () => {
    const { code, stdout, stderr } = await runCli(['run', 'thread-counter', '--lock', '--trials', '30', '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const document: RunDocument = JSON.parse(stdout);
    expect(document.lock).toBe(true);
    expect(document.races).toMatchObject({ count: 0, rate: 0 });
    expect(document.lostUpdates).toEqual({ total: 0, mean: 0, max: 0 });
    expect(document.outcomes).toEqual([{ final: { counter: 20 }, trials: 30, share: 1, raced: false, lost: 0, verdict: 'expected' }]);
    expectConsistentRun(document);
  });

  it('the lock is on by default; process-array ends at [200, 300, 400] every time', async () => {
    const { code, stdout } = await runCli(['run', 'process-array', '--trials', '20', '--json']);
    expect(code).toBe(0);
    const document: RunDocument = JSON.parse(stdout);
    expect(document).toMatchObject({ scenario: 'process-array', engine: 'processes', lock: true, expected: { numbers: [200, 300, 400] } });
    expect(document.races).toMatchObject({ count: 0, rate: 0 });
    expect(document.outcomes).toEqual([{ final: { numbers: [200, 300, 400] }, trials: 20, share: 1, raced: false, lost: 0, verdict: 'expected' }]);
  });

  it('flags reach the document: engine, workers, iterations, window, pause, timeout', async () => {
    const args = ['run', 'process-array', '--engine', 'threads', '-w', '3', '-i', '7', '--window', '0.05', '--pause', '0.01', '--timeout', '9000', '-t', '4', '--json'];
    const { code, stdout } = await runCli(args);
    expect(code).toBe(0);
    const document: RunDocument = JSON.parse(stdout);
    expect(document.engine).toBe('threads');
    expect(document.options).toEqual({ trials: 4, workers: 3, iterations: 7, window: 0.05, pause: 0.01, timeout: 9000 });
    expect(document.expected).toEqual({ numbers: [21, 121, 221] });
    expect(document.outcomes).toEqual([{ final: { numbers: [21, 121, 221] }, trials: 4, share: 1, raced: false, lost: 0, verdict: 'expected' }]);
  });

  it('--compare --json: a comparison of the unlocked and the locked run, with the lock cost', async () => {
    const { code, stdout, stderr } = await runCli(['run', 'process-value', '--compare', '--trials', '10', '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const document = JSON.parse(stdout);
    expect(document).toMatchObject({ schemaVersion: 1, kind: 'comparison', tool: { name: 'racedemo', version: '0.1.0' } });
    expect(Object.keys(document)).toEqual(['schemaVersion', 'kind', 'tool', 'environment', 'runs', 'lockCost', 'lockCostInterval']);
    const [unlocked, locked] = document.runs as RunDocument[];
    expect(document.runs).toHaveLength(2);
    expect(unlocked).toMatchObject({ scenario: 'process-value', lock: false, options: { trials: 10 } });
    expect(locked).toMatchObject({ scenario: 'process-value', lock: true, options: { trials: 10 } });
    expectConsistentRun(unlocked!);
    expectConsistentRun(locked!);
    expect(locked!.outcomes).toEqual([{ final: { value: 200 }, trials: 10, share: 1, raced: false, lost: 0, verdict: 'expected' }]);
    expect(typeof document.lockCost).toBe('number');
    expect(document.lockCost).toBeGreaterThan(0);
  });

  it('list --json: an array of { name, summary, engine, defaults }, the four tutorial scenarios among them', async () => {
    const { code, stdout, stderr } = await runCli(['list', '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const list = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(Array.isArray(list)).toBe(true);
    expect(list.map((entry) => entry.name)).toEqual(expect.arrayContaining(['thread-counter', 'queue-workers', 'process-value', 'process-array']));
    for (const entry of list) {
      expect(Object.keys(entry)).toEqual(['name', 'summary', 'engine', 'defaults']);
      expect(typeof entry.summary).toBe('string');
      expect(['threads', 'processes']).toContain(entry.engine);
      expect(Object.keys(entry.defaults as object)).toEqual(['workers', 'iterations', 'window', 'pause']);
    }
    expect(list.find((entry) => entry.name === 'process-array')).toEqual({
      name: 'process-array',
      summary: expect.any(String),
      engine: 'processes',
      defaults: { workers: 2, iterations: 100, window: 0, pause: 0 },
    });
  });
});
