// A lock belongs to the worker that acquired it, for one trial: it is not
// re-entrant; releasing it twice is a bug in the body, reported as one (it
// must never free, or on processes mint, a second lock); a body that ends its
// trial holding the lock does not block the trials after it, on processes
// even within one batch.
import { describe, expect, it } from 'vitest';
import { racedemo } from './cli.js';

const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;

describe.each(['threads', 'processes'])('on %s', (engine) => {
  it('a second release() is reported: the worker, the trial, exit 3', async () => {
    const { code, stdout, stderr } = await racedemo(['run', fixture('releases-twice.mjs'), '--engine', engine]);
    expect(stderr).toBe('racedemo: trial 1: worker 2 threw: release() of a lock this worker does not hold (released twice, or never acquired)\n');
    expect(code).toBe(3);
    expect(stdout).toBe('');
  });

  it('acquiring a held lock again waits (not re-entrant): the trial hangs in both workers', async () => {
    const { code, stderr } = await racedemo(['run', fixture('acquires-twice.mjs'), '--engine', engine, '--timeout', '1000']);
    expect(stderr).toBe('racedemo: trial 1 hung after 1000 ms in workers 1, 2\n');
    expect(code).toBe(3);
  });

  it('a worker that ends every other trial holding the lock: the trials after still run, each exact', async () => {
    const { code, stdout, stderr } = await racedemo(['run', fixture('keeps-the-lock.mjs'), '--engine', engine, '--trials', '30', '--timeout', '5000', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { races: { count: number }; outcomes: Array<{ final: unknown; trials: number }> };
    expect(result.races.count).toBe(0);
    expect(result.outcomes).toEqual([expect.objectContaining({ final: { n: 100 }, trials: 30 })]);
  });
});
