// What happens on a store when things go wrong: Ctrl-C while remote workers
// are awaited, the server dying under a run or a waiting worker, a worker on
// the wrong database, two runs competing for free workers. Each test has a
// Redis server of its own, so that it can be killed.
import { describe, expect, it } from 'vitest';
import { lineOn, racedemo, start } from './cli.js';
import { canRunRedis, leftovers, startRedis, type TestServer } from './stores/servers.js';

// Remote workers need the shared secret; every racedemo these tests start inherits it.
process.env.RACEDEMO_SECRET = 'test-class-secret';

/** Runs `body` against a Redis server of its own, stopped afterwards whatever happens. */
async function withRedis(body: (server: TestServer) => Promise<void>): Promise<void> {
  const server = await startRedis();
  try {
    await body(server);
  } finally {
    await server.stop();
  }
}

describe.skipIf(!canRunRedis)('store faults (Redis)', () => {
  it('Ctrl-C while the run waits for its remote workers: exit 130 at once, nothing left in the store', async () => {
    await withRedis(async (server) => {
    const { child, closed } = start(['run', 'thread-counter', '--store', server.url, '--remote-workers', '1', '--trials', '3']);
    await lineOn(child.stderr, /waiting for 1 remote worker/);
    child.kill('SIGINT');
    const { code, stderr } = await closed;
    expect(code).toBe(130);
    expect(stderr.split('\n').slice(1)).toEqual(['racedemo: interrupted by SIGINT', '']);
    expect(await leftovers(server.url)).toEqual([]);
    });
  });

  it('the server dies under a run: one line naming the store (and one saying what may be left), exit 3', async () => {
    const server = await startRedis();
    const { child, closed } = start(['run', 'process-value', '--store', server.url, '--trials', '1000000', '-q', '--format', 'ndjson']);
    await lineOn(child.stdout, /"type":"trial"/);
    await server.stop();
    const { code, stderr } = await closed;
    expect(code).toBe(3);
    // The failure, and maybe (cleanup runs first) a line saying the run's keys could not be removed with the server gone.
    const lines = stderr.trim().split('\n');
    const failure = /^racedemo: trial \d+: (the store at redis:\/\/127\.0\.0\.1:\d+\/? failed|worker \d threw): /;
    const leftBehind = /^racedemo: could not remove racedemo_\w+ from redis:\/\/127\.0\.0\.1:\d+\/? \(.*\); remove it by hand$/;
    expect(lines.filter((line) => failure.test(line))).toHaveLength(1);
    expect(lines.filter((line) => !failure.test(line) && !leftBehind.test(line))).toEqual([]);
    expect(lines.length).toBeLessThanOrEqual(2);
  });

  it('the server dies under a waiting worker: one line, exit 3', async () => {
    const server = await startRedis();
    const { child, closed } = start(['worker', '--store', server.url]);
    await lineOn(child.stderr, /is waiting for a run/);
    await server.stop();
    const { code, stderr } = await closed;
    expect(code).toBe(3);
    expect(stderr).toMatch(/\nracedemo: lost the connection to the store at redis:\/\/127\.0\.0\.1:\d+\/?\n$/);
  });

  it('a remote worker stopped with Ctrl-C mid-run: it gives its lock back and the run ends at once, exit 3', async () => {
    await withRedis(async (server) => {
    const worker = start(['worker', '--store', server.url, '-q']);
    const run = start(['run', 'process-value', '--store', server.url, '--remote-workers', '1', '--trials', '1000000', '-q', '--format', 'ndjson']);
    // A streamed trial: the worker has joined and the run is under way.
    await lineOn(run.child.stdout, /"type":"trial"/);
    worker.child.kill('SIGINT');
    expect((await worker.closed).code).toBe(130);
    const { code, stderr } = await run.closed;
    expect(code).toBe(3);
    expect(stderr).toMatch(/\nracedemo: trial \d+: worker 2 died: the worker left: interrupted by SIGINT\n$/);
    expect(await leftovers(server.url)).toEqual([]);
    });
  });

  it('a worker on another database of the server cannot join: the run says why, exit 3', async () => {
    await withRedis(async (server) => {
    const worker = start(['worker', '--store', `${server.url}/1`, '--once']);
    const run = await racedemo(['run', 'process-value', '--store', `${server.url}/0`, '--remote-workers', '1', '--trials', '2']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/racedemo: remote worker 2 could not start: run racedemo_\w+ is not in the database at redis:\/\/127\.0\.0\.1:\d+\/1: is it the run's database\?\n$/);
    expect((await worker.closed).code).toBe(0);
    expect(await leftovers(server.url)).toEqual([]);
    });
  });

  it('two runs competing for two free workers each get one', async () => {
    await withRedis(async (server) => {
    const args = ['run', 'process-value', '--store', server.url, '--remote-workers', '1', '--iterations', '10', '--trials', '3', '-q'];
    const runs = [start(args), start(args)];
    await Promise.all(runs.map((run) => lineOn(run.child.stderr, /waiting for 1 remote worker/)));
    const workers = [start(['worker', '--store', server.url, '--once']), start(['worker', '--store', server.url, '--once'])];
    const ended = await Promise.all(runs.map((run) => run.closed));
    expect(ended.map((run) => run.code)).toEqual([0, 0]);
    for (const run of ended) expect(run.stdout).toMatch(/races in 0\/3 trials/);
    const left = await Promise.all(workers.map((worker) => worker.closed));
    expect(left.map((worker) => worker.code)).toEqual([0, 0]);
    });
  });
});
