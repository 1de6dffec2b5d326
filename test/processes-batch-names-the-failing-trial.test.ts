// The processes engine runs trials in batches, the children going from one
// trial to the next without the parent. A worker that throws, exits or hangs
// in the middle of a batch still ends the run at exactly that trial, and the
// trials before it are reported, exact, before the one-line error. A throw is
// reported at once, even when another worker waits on a lock it held.
import { describe, expect, it } from 'vitest';
import { racedemo, segmentsOf } from './cli.js';

const fixture = new URL('./fixtures/fails-in-trial.mjs', import.meta.url).pathname;

describe.each([
  ['throw', /^racedemo: trial 7: worker 2 threw: failed in trial 7\n$/],
  ['exit', /^racedemo: trial 7: worker 2 died: child process exited with code 9\n$/],
  ['hang', /^racedemo: trial 7 hung after 1000 ms in worker 2\n$/],
  // Worker 1 waits for ever on the lock worker 2 took: the throw must still be reported, at once.
  ['throw-holding-the-lock', /^racedemo: trial 7: worker 2 threw: failed in trial 7\n$/],
])('worker 2 fails by %s in trial 7 of 40', (failure, message) => {
  it('streams trials 1 to 6, exact, then one line naming trial 7, exit 3', async () => {
    const { pid, code, stdout, stderr } = await racedemo(['run', fixture, '--trials', '40', '--timeout', '1000', '--format', 'ndjson'], {
      RACEDEMO_FIXTURE_FAILURE: failure,
    });
    expect(stderr).toMatch(message);
    expect(code).toBe(3);
    const trials = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; trial?: number; final?: unknown; raced?: boolean })
      .filter((record) => record.type === 'trial');
    expect(trials.map((record) => [record.trial, record.final, record.raced])).toEqual(
      [1, 2, 3, 4, 5, 6].map((trial) => [trial, { n: 20 }, false]),
    );
    expect(segmentsOf(pid)).toEqual([]);
  });
});
