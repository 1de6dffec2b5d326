// `racedemo worker --store URL` in another process joins a run that
// `racedemo run … --remote-workers N` coordinates through the store itself:
// it takes part in every trial (its updates count, and are lost, like the
// local ones), then leaves with --once.
import { describe, expect, it } from 'vitest';
import { lineOn, racedemo, start, type CliResult } from './cli.js';
import type { RunDocument } from './run-document.js';
import { canRunPostgres, canRunRedis, leftovers, serverFor, startPostgres, startRedis } from './stores/servers.js';

/** The class's shared secret: every run with remote workers, and every worker, needs it. */
const secret = { RACEDEMO_SECRET: 'test-class-secret' };

/** `racedemo worker --store url --once`: resolves when it has served one run and ended. */
const remoteWorker = (url: string): Promise<CliResult> => racedemo(['worker', '--store', url, '--once'], secret);
const run = (args: string[]): Promise<CliResult> => racedemo(['run', ...args], secret);

/** Publishes raw text on a store channel, as any client of the store could. */
async function publish(url: string, channel: string, payloads: string[]): Promise<void> {
  if (url.startsWith('redis')) {
    const { Redis } = await import('ioredis');
    const client = new Redis(url);
    for (const payload of payloads) await client.publish(channel, payload);
    client.disconnect();
    return;
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const payload of payloads) await client.query('SELECT pg_notify($1, $2)', [channel, payload]);
  await client.end();
}

const stores = [
  { name: 'postgres', available: canRunPostgres, start: startPostgres },
  { name: 'redis', available: canRunRedis, start: startRedis },
] as const;

for (const store of stores) {
  describe.skipIf(!store.available)(`remote workers on ${store.name}`, () => {
    const server = serverFor(store.start);

    it('with the lock: the remote worker runs every trial and the total counts its increments', async () => {
      const worker = remoteWorker(server.url);
      const result = await run(['process-value', '--store', server.url, '--workers', '3', '--remote-workers', '1', '--iterations', '50', '--trials', '5', '--json']);
      const joined = await worker;
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/^racedemo: waiting for 1 remote worker: run 'racedemo worker --store /);
      const document = JSON.parse(result.stdout) as RunDocument;
      expect(document.store?.remoteWorkers).toBe(1);
      expect(document.outcomes).toEqual([{ final: { value: 150 }, trials: 5, share: 1, raced: false, lost: 0, verdict: 'expected' }]);
      expect(joined.code).toBe(0);
      expect(joined.stdout).toBe('');
      expect(joined.stderr).toMatch(/joined racedemo_\w+ as worker 3 of 3 \(lock\)/);
      expect(joined.stderr).toMatch(/racedemo_\w+ ended after 5 trials/);
    });

    it('without the lock: local and remote workers overwrite each other', async () => {
      const worker = remoteWorker(server.url);
      const result = await run(['thread-counter', '--store', server.url, '--remote-workers', '1', '--no-lock', '--window', '1', '--trials', '10', '--json']);
      await worker;
      expect(result.code).toBe(0);
      const document = JSON.parse(result.stdout) as RunDocument;
      expect(document.races.count).toBeGreaterThan(0);
    });

    it('a worker ignores what is not a well-formed message on the channels (anyone can publish there)', async () => {
      const worker = start(['worker', '--store', server.url, '--once'], secret);
      // Subscribed (it says so only then): the junk below reaches it before the run's call.
      await lineOn(worker.child.stderr, /is waiting for a run/);
      await publish(server.url, 'racedemo_lobby', ['not json', '{"type":"assign","id":1}', '{"type":"hello"}', '[]']);
      const result = await run(['process-value', '--store', server.url, '--remote-workers', '1', '--iterations', '10', '--trials', '2', '-q']);
      const ended = await worker.closed;
      expect(result.code).toBe(0);
      expect(ended.code).toBe(0);
      expect(ended.stderr).toMatch(/ended after 2 trials/);
    });

    it('a run made only of remote workers works too, and leaves nothing in the store', async () => {
      const workers = [remoteWorker(server.url), remoteWorker(server.url)];
      const result = await run(['process-array', '--store', server.url, '--remote-workers', '2', '--iterations', '20', '--trials', '3', '--json']);
      const ended = await Promise.all(workers);
      expect(result.code).toBe(0);
      expect((JSON.parse(result.stdout) as RunDocument).outcomes.map((outcome) => outcome.final)).toEqual([{ numbers: [40, 140, 240] }]);
      expect(ended.map((worker) => worker.code)).toEqual([0, 0]);
      expect(await leftovers(server.url)).toEqual([]);
    });
  });
}

describe('racedemo worker, used wrongly', () => {
  it('without --store: one line, exit 2', async () => {
    const result = await racedemo(['worker']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("racedemo: required option '--store <url>' not specified\n");
  });

  it('--remote-workers without a store, or more of them than workers: one line, exit 2', async () => {
    const noStore = await run(['thread-counter', '--remote-workers', '1']);
    expect(noStore.code).toBe(2);
    expect(noStore.stderr).toBe('racedemo: --remote-workers needs --store postgres://… or redis://…: remote workers meet there\n');
    const tooMany = await run(['thread-counter', '--store', 'redis://127.0.0.1:1', '--remote-workers', '3']);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toBe('racedemo: --remote-workers 3 is more than the 2 workers of the run; raise --workers\n');
  });

  it('--trace with --remote-workers: one line, exit 2 (a trace cannot merge other machines\' steps), before anything connects', async () => {
    const traced = await run(['thread-counter', '--store', 'redis://127.0.0.1:1', '--remote-workers', '1', '--trace']);
    expect(traced.code).toBe(2);
    expect(traced.stderr).toBe('racedemo: --trace shows the workers of this machine only: it cannot be used with --remote-workers\n');
  });
});
