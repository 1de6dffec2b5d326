// What a user sees when a worker hangs, throws or dies: one line, exit 3,
// never a hang; and nothing left behind (segment files, child processes).
import { describe, expect, it } from 'vitest';
import { racedemo, runCli, segmentsOf } from './cli.js';

const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;

describe.each(['threads', 'processes'])('on %s', (engine) => {
  it('a trial past --timeout is reported as hung, naming the trial and the worker', async () => {
    const { pid, code, stdout, stderr } = await racedemo(['run', fixture('hangs.mjs'), '--engine', engine, '--timeout', '1000', '--trials', '5']);
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toBe('racedemo: trial 3 hung after 1000 ms in worker 1\n');
    expect(segmentsOf(pid)).toEqual([]);
  });

  it('a scenario that throws: the message and the worker, exit 3', async () => {
    const { code, stderr } = await racedemo(['run', fixture('throws.mjs'), '--engine', engine]);
    expect(code).toBe(3);
    expect(stderr).toBe('racedemo: trial 1: worker 2 threw: boom in the body\n');
  });

  it('workers that cannot load the scenario: one line naming the reason, exit 3', async () => {
    const { pid, code, stdout, stderr } = await racedemo(['run', fixture('fails-to-load-in-workers.mjs'), '--engine', engine]);
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^racedemo: .*could not start: this scenario cannot load in a worker\n$/);
    expect(segmentsOf(pid)).toEqual([]);
  });

  it('a worker that exits holding the lock: reported, exit 3, no deadlock', async () => {
    const { pid, code, stderr } = await racedemo(['run', fixture('dies-holding-lock.mjs'), '--engine', engine]);
    expect(code).toBe(3);
    expect(stderr).toMatch(/^racedemo: trial 1: worker 2 died: .*(code 7|code: 7)\n$/);
    expect(segmentsOf(pid)).toEqual([]);
  });
});

it('a child process SIGKILLed holding the lock: reported, exit 3', async () => {
  const { code, stderr } = await racedemo(['run', fixture('dies-holding-lock.mjs')], { RACEDEMO_FIXTURE_DEATH: 'kill' });
  expect(code).toBe(3);
  expect(stderr).toBe('racedemo: trial 1: worker 2 died: child process killed by SIGKILL\n');
});

describe('scenario files that cannot be used: exit 2', () => {
  it('a file that exports no scenario', async () => {
    const { code, stderr } = await runCli(['run', fixture('no-scenario.mjs')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/does not default-export a scenario/);
  });

  it('a file that does not parse', async () => {
    const { code, stderr } = await runCli(['run', fixture('broken.mjs')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^racedemo: cannot load scenario .*broken\.mjs: /);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe.each(['threads', 'processes'])('a scenario that prints, on %s', (engine) => {
  it('keeps stdout a clean JSON document; the prints go to stderr', async () => {
    const { code, stdout, stderr } = await racedemo(['run', fixture('talks.mjs'), '--engine', engine, '--trials', '2', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).scenario).toBe('talks');
    expect(stderr).toContain('hello from worker 1');
  });
});

describe.each(['threads', 'processes'])('a worker that runs out of memory, on %s', (engine) => {
  it('is reported as dead, exit 3', async () => {
    const { code, stderr } = await racedemo(['run', fixture('runs-out-of-memory.mjs'), '--engine', engine], { NODE_OPTIONS: '--max-old-space-size=128' });
    expect(code).toBe(3);
    expect(stderr).toMatch(/racedemo: trial 1: worker 2 died: .*(SIGABRT|out of memory)\n$/);
  });
});
