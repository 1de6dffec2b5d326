// A remote worker whose body never finishes a trial (it awaits something that
// never comes) is reported as hung by the run; once that run ends, the worker
// leaves the body behind and is back in the lobby for the next run.
import { describe, expect, it } from 'vitest';
import { lineOn, racedemo, start } from './cli.js';
import { canRunRedis, serverFor, startRedis } from './stores/servers.js';

const secret = { RACEDEMO_SECRET: 'the-class-secret' };
const fixture = new URL('./fixtures/remote-hangs.mjs', import.meta.url).pathname;

describe.skipIf(!canRunRedis)('a remote worker whose body never finishes', () => {
  const server = serverFor(startRedis);

  it('is back in the lobby for the next run once the hung run ends', async () => {
    const { child, closed } = start(['worker', '--store', server.url, '--scenario', fixture], secret);
    await lineOn(child.stderr, /is waiting for a run/);
    const hung = await racedemo(['run', fixture, '--store', server.url, '--workers', '2', '--remote-workers', '1', '--trials', '3', '--timeout', '1000'], secret);
    expect(hung.code).toBe(3);
    expect(hung.stderr).toMatch(/racedemo: trial 2 hung after 1000 ms in worker 2\n$/);
    const next = await racedemo(['run', 'thread-counter', '--store', server.url, '--workers', '2', '--remote-workers', '1', '--trials', '2', '--lock', '--json'], secret);
    child.kill('SIGTERM');
    const ended = await closed;
    expect(next.code).toBe(0);
    expect(JSON.parse(next.stdout)).toMatchObject({ races: { count: 0 }, outcomes: [{ final: { counter: 20 }, trials: 2 }] });
    expect(ended.stderr).toMatch(/racedemo: left racedemo_\w+ with its body still running in trial 2 \(it never finished\)\n/);
  });
});
