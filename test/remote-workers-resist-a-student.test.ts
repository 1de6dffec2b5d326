// The attacks of a student on a shared store, scripted: an unprivileged login
// that hears every channel message and publishes its own. It cannot make a
// worker import a file, read a password off the wire, get a forged or replayed
// report counted, or hand a worker an out-of-range workload.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { lineOn, racedemo, start, waitFor, type CliResult } from './cli.js';
import type { RunDocument } from './run-document.js';
import { bodyOf, eavesdrop, studentUrl } from './stores/attacker.js';
import { canRunPostgres, canRunRedis, serverFor, startPostgres, startRedis } from './stores/servers.js';

const LOBBY = 'racedemo_lobby';
const secret = { RACEDEMO_SECRET: 'the-class-secret' };
const markerFixture = pathToFileURL(new URL('fixtures/marks-import.mjs', import.meta.url).pathname).href;
const workload = { workers: 2, iterations: 1, window: 0, pause: 0 };

const stores = [
  { name: 'postgres', available: canRunPostgres, start: startPostgres, lock: 'for-update' },
  { name: 'redis', available: canRunRedis, start: startRedis, lock: 'set-nx' },
] as const;

/**
 * A worker, once it waits for a run, with the id it says it has: a worker
 * says hello only to a run's call, so this is how a test learns the id it
 * would answer with.
 */
async function waitingWorker(args: string[], env: Record<string, string> = {}): Promise<{ id: string; stop(): Promise<CliResult>; closed: Promise<CliResult> }> {
  const { child, closed } = start(['worker', ...args], { ...secret, ...env });
  const ended = closed.then((result) => ({ pid: child.pid ?? 0, ...result }));
  const line = await lineOn(child.stderr, /^racedemo: worker \w+ is waiting for a run/);
  return {
    id: line.split(' ')[2] ?? '',
    closed: ended,
    stop() {
      child.kill('SIGTERM');
      return ended;
    },
  };
}

for (const store of stores) {
  describe.skipIf(!store.available)(`a student on a shared ${store.name}`, () => {
    const server = serverFor(store.start);
    let student = '';
    beforeAll(async () => {
      student = await studentUrl(server.url);
    });

    it('cannot make a worker import a path: an assign naming a file, signed or not, is dropped and counted', async () => {
      const marker = join(mkdtempSync(join(tmpdir(), 'racedemo-marker-')), 'imported');
      const spy = await eavesdrop(student);
      await spy.listen(LOBBY);
      const worker = await waitingWorker(['--store', server.url, '--once'], { RACEDEMO_TEST_MARKER: marker });
      const hello = { id: worker.id };
      const run = 'racedemo_00000000aa';
      const assignment = {
        run,
        worker: 1,
        scenario: markerFixture,
        options: workload,
        lock: false,
        store: { kind: store.name, url: student, lock: store.lock, run, lockTtlMs: 1000 },
        timeoutMs: 1000,
      };
      // As a worker of the old protocol read it, and as a signed message whose signature is made up.
      await spy.publish(LOBBY, { type: 'assign', id: hello.id, assignment });
      const forged = JSON.stringify({ type: 'assign', id: hello.id, assignment: { ...assignment, scenario: { kind: 'file', name: 'marks-import.mjs', sha256: '0'.repeat(64) } } });
      await spy.publish(LOBBY, { v: 1, nonce: 'a'.repeat(32), seq: 1, body: forged, mac: 'f'.repeat(64) });
      const result = await racedemo(['run', 'process-value', '--store', server.url, '--remote-workers', '1', '--iterations', '5', '--trials', '2', '-q'], secret);
      const ended = await worker.closed;
      await spy.close();
      expect(existsSync(marker)).toBe(false);
      expect(result.code).toBe(0);
      expect(ended.code).toBe(0);
      expect(ended.stderr).toMatch(/dropped 2 messages that were unsigned, badly signed or replayed/);
    });

    it("cannot read a password on the wire: no message, output or error carries it (user:pw@ or ?password=)", async () => {
      const password = 's3cret-pw-4711';
      const withPassword = await urlsWithPassword(server.url, password);
      for (const url of withPassword) {
        const spy = await eavesdrop(student, (heard, self) => {
          const body = bodyOf(heard.payload);
          if (heard.channel === LOBBY && body.type === 'call') void self.listen(String(body.run));
        });
        await spy.listen(LOBBY);
        const worker = racedemo(['worker', '--store', url, '--once'], secret);
        const result = await racedemo(['run', 'thread-counter', '--store', url, '--remote-workers', '1', '--trials', '3', '--json'], secret);
        const ended = await worker;
        await spy.close();
        expect(result.code).toBe(0);
        expect(ended.code).toBe(0);
        expect(spy.heard.some((heard) => bodyOf(heard.payload).type === 'assign')).toBe(true);
        for (const text of [...spy.heard.map((heard) => heard.payload), result.stdout, result.stderr, ended.stderr]) {
          expect(text).not.toContain(password);
        }
      }
    });

    it('cannot get a forged, replayed or foreign report counted: with the lock, no trial races', async () => {
      const { SignedBus } = await import('../dist/src/trust/signed-bus.js');
      const { openBus } = await import('../dist/src/stores/drivers.js');
      // An insider: a student who has the secret, but is not the worker assigned the place.
      const insider = new SignedBus(await openBus(store.name, student), Buffer.from(secret.RACEDEMO_SECRET));
      let lastTrial: string | undefined;
      let listening = false;
      const spy = await eavesdrop(student, (heard, self) => {
        const body = bodyOf(heard.payload);
        if (heard.channel === LOBBY && body.type === 'call' && !listening) {
          listening = true;
          void self.listen(String(body.run));
        }
        if (body.type !== 'trial') return;
        // A replay: the previous trial's start signal, word for word, would make the worker run its body twice.
        if (lastTrial) void self.publish(heard.channel, lastTrial);
        lastTrial = heard.payload;
        const trial = Number(body.trial);
        const report = { type: 'report', trial, report: { state: 'done', worker: 2 } };
        const ids = body.ids as string[];
        void self.publish(heard.channel, report);
        void self.publish(heard.channel, { v: 1, nonce: 'b'.repeat(32), seq: trial, body: JSON.stringify(report), mac: 'e'.repeat(64) });
        insider.publish(heard.channel, { ...report, id: ids[0] }).catch(() => {}); // the insider may be closed by then
      });
      await spy.listen(LOBBY);
      const worker = racedemo(['worker', '--store', server.url, '--once'], secret);
      const result = await racedemo(
        ['run', 'thread-counter', '--store', server.url, '--workers', '2', '--remote-workers', '1', '--lock', '--trials', '20', '--expect', 'safe', '--json'],
        secret,
      );
      const ended = await worker;
      await spy.close();
      await insider.close();
      expect(result.code).toBe(0);
      const document = JSON.parse(result.stdout) as RunDocument;
      expect(document.races.count).toBe(0);
      expect(document.outcomes).toEqual([{ final: { counter: 20 }, trials: 20, share: 1, raced: false, lost: 0, verdict: 'expected' }]);
      expect(ended.code).toBe(0);
      expect(result.stderr).toMatch(/racedemo: run racedemo_\w+: dropped \d+ messages that were unsigned, badly signed or replayed/);
    });

    it('cannot take a place in a run with a hello recorded in an earlier run', async () => {
      // Run 1: the student records a free worker's hello, signed with the secret, word for word.
      let recorded: { payload: string; id: string } | undefined;
      let replayedAt: string | undefined;
      const assignedTo: string[] = [];
      const spy = await eavesdrop(student, (heard, self) => {
        if (heard.channel !== LOBBY) return;
        const body = bodyOf(heard.payload);
        if (body.type === 'hello' && !recorded) recorded = { payload: heard.payload, id: String(body.id) };
        if (body.type === 'assign') assignedTo.push(String(body.id));
        // Run 2: each call of a new run gets the old hello back at once, before any real worker answers.
        if (body.type === 'call' && recorded && replayedAt !== undefined && replayedAt !== body.run) {
          replayedAt = String(body.run);
          void self.publish(LOBBY, recorded.payload);
        }
      });
      await spy.listen(LOBBY);
      const run = (): Promise<CliResult> =>
        racedemo(['run', 'thread-counter', '--store', server.url, '--workers', '2', '--remote-workers', '1', '--lock', '--trials', '3', '--json'], secret);
      const first = racedemo(['worker', '--store', server.url, '--once'], secret);
      expect((await run()).code).toBe(0);
      await first;
      expect(recorded).toBeDefined();
      replayedAt = '';
      assignedTo.length = 0;
      const running = run();
      // The real worker starts only once the old hello is out: the new run could take it first.
      await waitFor('the recorded hello replayed to the new run', () => replayedAt !== '');
      const second = racedemo(['worker', '--store', server.url, '--once'], secret);
      const result = await running;
      await second;
      await spy.close();
      expect(result.code).toBe(0);
      expect(replayedAt).toMatch(/^racedemo_/);
      // The new run never offered the recorded worker a place.
      expect(assignedTo).not.toContain(recorded?.id);
      expect(assignedTo).toHaveLength(1);
    });

    it('cannot hand a worker an out-of-range workload, even signed with the secret', async () => {
      const { SignedBus } = await import('../dist/src/trust/signed-bus.js');
      const { openBus } = await import('../dist/src/stores/drivers.js');
      const insider = new SignedBus(await openBus(store.name, student), Buffer.from(secret.RACEDEMO_SECRET));
      const spy = await eavesdrop(student);
      const run = 'racedemo_00000000bb';
      await spy.listen(LOBBY);
      await spy.listen(run);
      const worker = await waitingWorker(['--store', server.url]);
      const hello = { id: worker.id };
      const options = { ...workload, iterations: 300_000_000 };
      const oldAssignment = { run, worker: 1, scenario: 'thread-counter', options, lock: true, store: { kind: store.name, url: server.url, lock: store.lock, run, lockTtlMs: 1000 }, timeoutMs: 1000 };
      await spy.publish(LOBBY, { type: 'assign', id: hello.id, assignment: oldAssignment });
      const assignment = { run, worker: 1, scenario: { kind: 'built-in', name: 'thread-counter' }, options, lock: true, storeLock: store.lock, lockTtlMs: 1000, timeoutMs: 1000 };
      await insider.publish(LOBBY, { type: 'assign', id: hello.id, assignment });
      const failed = bodyOf((await spy.next((heard) => heard.channel === run && bodyOf(heard.payload).type === 'failed')).payload);
      const ended = await worker.stop();
      await spy.close();
      await insider.close();
      expect(failed.message).toBe("the run's assignment: options.iterations 300000000 is out of range 1..10000000");
      expect(ended.stderr).toContain("racedemo: refused an assignment: the run's assignment: options.iterations 300000000 is out of range 1..10000000\n");
    });
  });
}

/** The same server's URL with a password: user:pw@ (an ACL user on Redis), and on PostgreSQL (trust: any password) also ?password=. */
async function urlsWithPassword(adminUrl: string, password: string): Promise<string[]> {
  const url = new URL(adminUrl);
  if (adminUrl.startsWith('redis')) {
    const { Redis } = await import('ioredis');
    const admin = new Redis(adminUrl);
    await admin.call('ACL', 'SETUSER', 'teacher', 'on', `>${password}`, '~*', '&*', '+@all');
    admin.disconnect();
    url.username = 'teacher';
  }
  const inQuery = new URL(url);
  inQuery.searchParams.set('password', password);
  url.password = password;
  // ioredis takes no password from the query string; pg does.
  return adminUrl.startsWith('redis') ? [url.href] : [url.href, inQuery.href];
}

