// --store on a real PostgreSQL and a real Redis: the unlocked counter loses
// updates, each store's own lock makes every trial exact, on both engines, and
// nothing of a run is left in the store afterwards.
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { expectConsistentRun, type RunDocument } from './run-document.js';
import { canRunPostgres, canRunRedis, leftovers, serverFor, startPostgres, startRedis } from './stores/servers.js';

const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;

function parse(stdout: string): RunDocument {
  const document = JSON.parse(stdout) as RunDocument;
  expectConsistentRun(document);
  return document;
}

const stores = [
  { name: 'postgres', available: canRunPostgres, start: startPostgres, locks: ['for-update', 'advisory'] },
  { name: 'redis', available: canRunRedis, start: startRedis, locks: ['set-nx', 'watch'] },
] as const;

for (const store of stores) {
  describe.skipIf(!store.available)(`--store ${store.name}`, () => {
    const server = serverFor(store.start);

    it('loses updates without the lock (window 1 ms, 20 trials)', async () => {
      const result = await runCli(['run', 'thread-counter', '--store', server.url, '--no-lock', '--trials', '20', '--window', '1', '--json']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const document = parse(result.stdout);
      expect(document.store).toEqual({ kind: store.name, lock: store.locks[0], remoteWorkers: 0 });
      expect(document.races.count).toBeGreaterThan(0);
    });

    for (const lock of store.locks) {
      for (const engine of ['threads', 'processes']) {
        it(`with --store-lock ${lock} on ${engine}, 3 workers × 50 iterations of process-array end at [150, 250, 350] in every trial`, async () => {
          const result = await runCli(['run', 'process-array', '--store', server.url, '--store-lock', lock, '--engine', engine, '--workers', '3', '--iterations', '50', '--trials', '5', '--json']);
          expect(result.code).toBe(0);
          const document = parse(result.stdout);
          expect(document.races.count).toBe(0);
          expect(document.outcomes).toEqual([{ final: { numbers: [150, 250, 350] }, trials: 5, share: 1, raced: false, lost: 0, verdict: 'expected' }]);
        });
      }
    }

    it('keeps a byte buffer too: queue-workers with the lock takes every item once and writes every line whole', async () => {
      const result = await runCli(['run', 'queue-workers', '--store', server.url, '--trials', '3', '--json']);
      expect(result.code).toBe(0);
      const document = parse(result.stdout);
      expect(document.races.count).toBe(0);
      expect(document.outcomes.map((outcome) => outcome.final)).toEqual([document.expected]);
    });

    for (const lock of store.locks) {
      it(`nested locks taken in one order with --store-lock ${lock}: no deadlock, every increment counts`, async () => {
        const result = await runCli(['run', fixture('nested-locks.mjs'), '--store', server.url, '--store-lock', lock, '--trials', '3', '--json']);
        expect(result.code).toBe(0);
        const document = parse(result.stdout);
        expect(document.outcomes).toEqual([{ final: { counter: 30 }, trials: 3, share: 1, raced: false, lost: 0, verdict: 'expected' }]);
      });
    }

    for (const lock of store.locks) {
      it(`with --store-lock ${lock}, a body that ends its trial holding the lock does not block or spoil the next trials`, async () => {
        const result = await runCli(['run', fixture('keeps-the-lock.mjs'), '--store', server.url, '--store-lock', lock, '--trials', '6', '--timeout', '5000', '--json']);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        const document = parse(result.stdout);
        expect(document.outcomes).toEqual([{ final: { n: 100 }, trials: 6, share: 1, raced: false, lost: 0, verdict: 'expected' }]);
      });
    }

    it('empty slots hold no row or key that other slots could be mistaken for', async () => {
      const result = await runCli(['run', fixture('empty-slots.mjs'), '--store', server.url, '--trials', '3', '--json']);
      expect(result.code).toBe(0);
      const document = parse(result.stdout);
      expect(document.outcomes).toEqual([{ final: { nothing: [], counter: 40 }, trials: 3, share: 1, raced: false, lost: 0, verdict: 'expected' }]);
    });

    it('reports the lock-ordering deadlock with exit 3, not a hang', async () => {
      const result = await runCli(['run', 'lock-ordering', '--store', server.url, '--trials', '5', '--timeout', '20000']);
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/^racedemo: trial \d+(?: deadlocked|: worker \d threw: deadlock detected)/);
    });

    it.runIf(store.name === 'redis')('with --store-lock watch nobody waits, so lock-ordering cannot deadlock: every total is exact', async () => {
      const result = await runCli(['run', 'lock-ordering', '--store', server.url, '--store-lock', 'watch', '--trials', '5', '--json']);
      expect(result.code).toBe(0);
      const document = parse(result.stdout);
      expect(document.races.count).toBe(0);
    });

    it('sweep runs each point on the store', async () => {
      const result = await runCli(['sweep', 'thread-counter', '--window', '0,0.5', '--store', server.url, '--trials', '3', '--lock', '--json']);
      expect(result.code).toBe(0);
      const { points } = JSON.parse(result.stdout) as { points: Array<{ value: number; run: RunDocument }> };
      expect(points.map((point) => [point.value, point.run.store?.kind, point.run.races.count])).toEqual([
        [0, store.name, 0],
        [0.5, store.name, 0],
      ]);
    });

    it('leaves no table or key behind, after runs that passed and runs that failed', async () => {
      expect(await leftovers(server.url)).toEqual([]);
    });
  });
}

describe('a store that cannot be reached', () => {
  for (const url of ['postgres://racedemo:secret@127.0.0.1:1/race', 'redis://127.0.0.1:1']) {
    it(`${url.split(':')[0]}: one line naming the URL (password hidden), exit 2`, async () => {
      const result = await runCli(['run', 'thread-counter', '--store', url, '--trials', '2']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`racedemo: cannot reach the store at ${url.replace('secret', '***')}: connect ECONNREFUSED 127.0.0.1:1\n`);
    });
  }
});
