// The other commands and options as a user meets them: list, show, preset,
// explore, sweep, init, --trace, and progress on a terminal.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, racedemo, runCli } from './cli.js';

it('list names every built-in scenario with its engine', async () => {
  const { code, stdout } = await runCli(['list']);
  expect(code).toBe(0);
  expect(stdout).toMatch(/^process-array\s+processes\s+Processes add 1/m);
  expect(stdout).toMatch(/^thread-counter\s+threads\s+/m);
});

it('show explains a scenario: body, expected value, why it races', async () => {
  const { code, stdout } = await runCli(['show', 'process-array']);
  expect(code).toBe(0);
  expect(stdout).toContain('expected: [200, 300, 400]');
  expect(stdout).toContain('Worker body');
  expect(stdout).toContain('What goes wrong without the lock, and why');
  expect(stdout).toContain('[198, 299, 399]');
});

it('--preset tutorial uses the tutorial timings, flags still win', async () => {
  const { stdout } = await runCli(['run', 'thread-counter', '--preset', 'tutorial', '--trials', '2', '--no-lock', '--json']);
  expect(JSON.parse(stdout).options).toMatchObject({ workers: 2, iterations: 1, window: 100 });
  const overridden = await runCli(['run', 'thread-counter', '--preset', 'tutorial', '--window', '5', '--trials', '2', '--json']);
  expect(JSON.parse(overridden.stdout).options.window).toBe(5);
});

it('explore --json: every schedule of thread-counter, finals {1, 2}', async () => {
  const { code, stdout } = await runCli(['explore', 'thread-counter', '--no-lock', '--json']);
  expect(code).toBe(0);
  const document = JSON.parse(stdout);
  expect(document).toMatchObject({ schemaVersion: 1, kind: 'explore', complete: true, schedules: 6 });
  expect(document.outcomes.map((outcome: { final: unknown }) => outcome.final)).toEqual([{ counter: 2 }, { counter: 1 }]);
});

it('explore prints a witness timeline marking the overwriting write', async () => {
  const { stdout } = await runCli(['explore', 'thread-counter', '--no-lock']);
  expect(stdout).toContain('exhaustive: all 6 schedules');
  expect(stdout).toMatch(/write counter ← 1 {2}✗ overwrites worker 1's write/);
});

it('sweep: a row and a bar per window value', async () => {
  const { code, stdout } = await runCli(['sweep', 'thread-counter', '--window', '0,0.5', '--trials', '5']);
  expect(code).toBe(0);
  expect(stdout).toContain('race rate against window');
  expect(stdout).toMatch(/^\s+0 ms\s/m);
  expect(stdout).toMatch(/^\s+0\.5 ms\s+█/m);
  const json = await runCli(['sweep', 'thread-counter', '--pause', '0,1', '--trials', '3', '--json']);
  const document = JSON.parse(json.stdout);
  expect(document).toMatchObject({ kind: 'sweep', variable: 'pause' });
  expect(document.points.map((point: { value: number }) => point.value)).toEqual([0, 1]);
});

it('run --trace draws the first raced trial', async () => {
  const { stdout } = await runCli(['run', 'thread-counter', '--no-lock', '--window', '1', '--trials', '5', '--trace']);
  expect(stdout).toMatch(/trace of trial \d+, the first that raced/);
  expect(stdout).toContain('✗ overwrites worker');
});

describe('init', () => {
  it('writes a starter that runs, and refuses to overwrite it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'racedemo-init-'));
    try {
      const first = await racedemo(['init', 'my-counter'], {}, folder);
      expect(first.code).toBe(0);
      expect(existsSync(join(folder, 'my-counter.mjs'))).toBe(true);
      const run = await racedemo(['run', './my-counter.mjs', '--compare', '--trials', '5', '--json'], {}, folder);
      expect(JSON.parse(run.stdout).runs[1].races.count).toBe(0);
      const again = await racedemo(['init', 'my-counter'], {}, folder);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/already exists/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(hasScript)('progress on a terminal', () => {
  const onTerminal = (args: string): string =>
    execFileSync('script', ['-qec', `${process.execPath} ${bin} ${args}`, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('draws trials done, races so far and time left', () => {
    expect(onTerminal('run process-value --trials 100')).toMatch(/lock: trial \d+\/100 · 0 races · \d+ s left/);
  });

  it('-q draws none', () => {
    expect(onTerminal('run process-value --trials 100 -q')).not.toContain('s left');
  });
});
