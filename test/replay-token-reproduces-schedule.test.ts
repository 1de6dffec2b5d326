// Replay tokens: each explore witness and the interleaving run --trace
// recorded come back as exactly the same schedule under explore --replay;
// a token for another scenario or workload, or a damaged one, is refused
// with one line and exit 2.
import { describe, expect, it } from 'vitest';
import { explore } from '../dist/src/explore/explore.js';
import { checkTokenFits, replaySchedule } from '../dist/src/explore/replay.js';
import { decodeToken, encodeToken } from '../dist/src/report/token.js';
import { runTrials } from '../dist/src/run/runner.js';
import { loadScenario } from '../dist/src/scenario/catalog.js';
import { racedemo } from './cli.js';

const shape = (steps: Array<{ worker: number; op: string; slot?: string; value?: unknown }>): string[] =>
  steps.map((step) => `${step.worker} ${step.op} ${step.slot ?? ''} ${String(step.value ?? '')}`);

describe('replay tokens', () => {
  it('every explore witness replays to the same steps and the same final value', async () => {
    const { scenario } = await loadScenario('bank-transfer');
    const result = await explore({ scenario, workload: { workers: 2, iterations: 1, window: 0, pause: 0 }, lock: false, mode: { kind: 'exhaustive', maxSchedules: 10_000 } });
    expect(result.outcomes.length).toBeGreaterThan(1);
    for (const outcome of result.outcomes) {
      const replayed = await replaySchedule(scenario, decodeToken(outcome.token));
      expect(shape(replayed.steps)).toEqual(shape(outcome.witness));
      expect(replayed.final).toEqual(outcome.final);
      expect(replayed.raced).toBe(outcome.raced);
    }
  });

  it.each(['threads', 'processes'] as const)('the interleaving run --trace recorded on %s replays in the model access for access', async (engine) => {
    const loaded = await loadScenario('thread-counter');
    const workload = { workers: 2, iterations: 3, window: 1, pause: 0 };
    const result = await runTrials({ loaded, engine, lock: false, trials: 20, workload, timeoutMs: 30_000, trace: true });
    const trace = result.trace;
    if (!trace?.token) throw new Error('no raced trial, or no token');
    const replay = decodeToken(trace.token);
    expect(replay).toEqual({ scenario: 'thread-counter', workers: 2, iterations: 3, lock: false, schedule: trace.steps.map((step) => step.worker) });
    const replayed = await replaySchedule(loaded.scenario, replay);
    // With a 1 ms window between each read and write, the recorded times order the accesses as they happened.
    expect(shape(replayed.steps)).toEqual(shape(trace.steps));
    expect(replayed.raced).toBe(true);
  });

  it('run --trace prints the replay command, and that command prints the same interleaving', async () => {
    const run = await racedemo(['run', 'thread-counter', '--no-lock', '--trials', '20', '--window', '1', '--iterations', '2', '--trace']);
    expect(run.code).toBe(0);
    const command = /replay this interleaving in the model, step by step: racedemo (explore .+)$/m.exec(run.stdout)?.[1];
    if (!command) throw new Error(`no replay command in:\n${run.stdout}`);
    const replay = await racedemo(command.split(' '));
    expect(replay.stderr).toBe('');
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/^thread-counter · replay · no lock · 2 workers × 2 iterations · 8 steps\n/);
    expect(replay.stdout).toMatch(/final value: \d \(expected 4\)  ✗ raced, \d lost/);
    const json = await racedemo([...command.split(' '), '--json']);
    const document = JSON.parse(json.stdout) as { kind: string; token: string; steps: Array<{ worker: number }> };
    expect(document.kind).toBe('replay');
    expect(document.token).toBe(command.split(' ').at(-1));
    expect(document.steps.map((step) => step.worker)).toEqual(decodeToken(document.token).schedule);
  });

  it('run --json --trace carries the token of the steps it recorded', async () => {
    const run = await racedemo(['run', 'thread-counter', '--no-lock', '--trials', '20', '--window', '1', '--iterations', '2', '--trace', '--json']);
    const trace = (JSON.parse(run.stdout) as { trace: { token: string; steps: Array<{ worker: number }> } }).trace;
    expect(decodeToken(trace.token).schedule).toEqual(trace.steps.map((step) => step.worker));
  });

  it('a token carries its version and checksum: damaged, cut or foreign tokens are refused in one line', () => {
    const token = encodeToken({ scenario: 'thread-counter', workers: 2, iterations: 1, lock: false, schedule: [1, 2, 1, 2] });
    expect(token.length).toBeLessThan(48);
    const flipped = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
    expect(() => decodeToken(flipped)).toThrow('--replay: the token is damaged (its checksum does not match): copy it again');
    expect(() => decodeToken(token.slice(0, 4))).toThrow('--replay: the token is too short: was it cut when copied?');
    expect(() => decodeToken('hello')).toThrow("--replay: not a replay token (they start with 'rd' and come from explore or run --trace)");
    const fits = decodeToken(token);
    expect(() => checkTokenFits(fits, { scenario: 'process-value', workers: 2, iterations: 1, lock: false })).toThrow('--replay: this token is for scenario thread-counter, not process-value');
    expect(() => checkTokenFits(fits, { scenario: 'thread-counter', workers: 3, iterations: 2, lock: true })).toThrow(
      '--replay: this token is for --workers 2, not 3, --iterations 1, not 2, --no-lock, not --lock',
    );
  });

  it('on the command line: a token for another scenario is one line on stderr and exit 2', async () => {
    const token = encodeToken({ scenario: 'thread-counter', workers: 2, iterations: 1, lock: false, schedule: [1, 2, 1, 2] });
    const { code, stdout, stderr } = await racedemo(['explore', 'bank-transfer', '--no-lock', '--replay', token]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('racedemo: --replay: this token is for scenario thread-counter, not bank-transfer\n');
  });

  it('a schedule that does not fit the scenario is refused, not run past its end', async () => {
    const { scenario } = await loadScenario('thread-counter');
    const short = { scenario: 'thread-counter', workers: 2, iterations: 1, lock: false, schedule: [1, 2, 1] };
    await expect(replaySchedule(scenario, short)).rejects.toThrow("--replay: the token's schedule ends after 3 steps, but workers 2 still have work: it does not fit this scenario");
    const long = { ...short, schedule: [1, 1, 2, 2, 2] };
    await expect(replaySchedule(scenario, long)).rejects.toThrow('--replay: the workers finished after 4 steps, but the token has 5: it does not fit this scenario');
  });
});
