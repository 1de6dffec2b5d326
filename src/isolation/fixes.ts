// `racedemo isolation --fixes`: the tutorial's lost-update counter
// (database_value) raced for real on PostgreSQL, once per fix. Each trial
// resets the row to 0, then W connections each add 1 K times, all at once
// (one process, several connections: the database is the shared memory, the
// interleaving is the server's). A lost update is an increment the client was
// told had committed that the final value does not contain.
import { sanitize } from '../trust/text.js';
import { environment, type Environment } from '../report/environment.js';
import type pg from 'pg';
import { RunFailedError } from '../errors.js';
import { grid } from '../report/grid.js';
import { connect } from '../stores/postgres.js';
import { newRunName } from '../stores/store.js';

export interface FixOptions {
  trials: number;
  workers: number;
  increments: number;
}

interface Tally {
  acknowledged: number;
  failed: number;
  aborts: number;
  retries: number;
  waitMs: number;
}

/** One way to add 1; resolves true once the increment committed, false if the client gave up on an abort. */
type Increment = (client: pg.Client, tally: Tally) => Promise<boolean>;

const isAbort = (error: unknown): boolean => ['40001', '40P01'].includes(String((error as { code?: unknown }).code));

/** Runs `statement`, adding its time to the tally: the time a statement that may wait on a row lock spent. */
async function timed<T>(tally: Tally, statement: () => Promise<T>): Promise<T> {
  const began = performance.now();
  try {
    return await statement();
  } finally {
    tally.waitMs += performance.now() - began;
  }
}

/** BEGIN at `level`, read, write back read + 1, COMMIT; with `retry`, again after each 40001/40P01. */
function readModifyWrite(level: string, { retry, forUpdate }: { retry: boolean; forUpdate: boolean }): Increment {
  return async (client, tally) => {
    for (;;) {
      try {
        await client.query(`BEGIN ISOLATION LEVEL ${level}`);
        const read = forUpdate
          ? await timed(tally, () => client.query('SELECT value FROM database_value WHERE id = 1 FOR UPDATE'))
          : await client.query('SELECT value FROM database_value WHERE id = 1');
        const value = Number(read.rows[0]?.value);
        await timed(tally, () => client.query('UPDATE database_value SET value = $1 WHERE id = 1', [value + 1]));
        await client.query('COMMIT');
        return true;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        if (!isAbort(error)) throw error;
        tally.aborts++;
        if (!retry) return false;
        tally.retries++;
      }
    }
  };
}

const atomicUpdate: Increment = async (client, tally) => {
  await timed(tally, () => client.query('UPDATE database_value SET value = value + 1 WHERE id = 1'));
  return true;
};

/** Optimistic: write only if the version is still the one read; otherwise read again. */
const versionColumn: Increment = async (client, tally) => {
  for (;;) {
    const read = await client.query('SELECT value, version FROM database_value WHERE id = 1');
    const { value, version } = read.rows[0] as { value: number; version: number };
    const written = await timed(tally, () =>
      client.query('UPDATE database_value SET value = $1, version = version + 1 WHERE id = 1 AND version = $2', [Number(value) + 1, version]),
    );
    if (written.rowCount === 1) return true;
    tally.retries++;
  }
};

export const fixes: ReadonlyArray<{ fix: string; level: string; increment: Increment }> = [
  { fix: 'read-modify-write', level: 'read committed', increment: readModifyWrite('READ COMMITTED', { retry: false, forUpdate: false }) },
  { fix: 'read-modify-write', level: 'repeatable read', increment: readModifyWrite('REPEATABLE READ', { retry: false, forUpdate: false }) },
  { fix: 'read-modify-write', level: 'serializable', increment: readModifyWrite('SERIALIZABLE', { retry: false, forUpdate: false }) },
  { fix: 'UPDATE … SET value = value + 1', level: 'read committed', increment: atomicUpdate },
  { fix: 'SELECT … FOR UPDATE', level: 'read committed', increment: readModifyWrite('READ COMMITTED', { retry: false, forUpdate: true }) },
  { fix: 'version column + retry', level: 'read committed', increment: versionColumn },
  { fix: 'retry on 40001', level: 'serializable', increment: readModifyWrite('SERIALIZABLE', { retry: true, forUpdate: false }) },
];

export interface FixResult {
  fix: string;
  level: string;
  /** Increments attempted: trials × workers × increments. */
  updates: number;
  acknowledged: number;
  /** Increments the client gave up on after an abort (no retry): refused, not lost. */
  failed: number;
  lostUpdates: number;
  trialsRaced: number;
  raceRate: number;
  updatesPerSecond: number;
  abortsPerUpdate: number;
  retriesPerUpdate: number;
  meanWaitMs: number;
}

export interface FixesRun {
  server: string;
  options: FixOptions;
  results: FixResult[];
}

export async function runFixes(url: string, options: FixOptions, signal: AbortSignal): Promise<FixesRun> {
  const admin = await connect(url);
  const schema = newRunName();
  const clients: pg.Client[] = [];
  try {
    const version = await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(`CREATE TABLE ${schema}.database_value (id int PRIMARY KEY, value int NOT NULL, version int NOT NULL)`);
    await admin.query(`INSERT INTO ${schema}.database_value VALUES (1, 0, 0)`);
    for (let index = 0; index < options.workers; index++) {
      const client = await connect(url);
      clients.push(client);
      await client.query(`SET search_path TO ${schema}`);
    }
    const results: FixResult[] = [];
    for (const fix of fixes) results.push(await raceFix(admin, schema, clients, fix, options, signal));
    return { server: sanitize(String(version.rows[0]?.v)), options, results };
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => admin.end().catch(() => {}));
  }
}

async function raceFix(admin: pg.Client, schema: string, clients: pg.Client[], fix: (typeof fixes)[number], options: FixOptions, signal: AbortSignal): Promise<FixResult> {
  const tally: Tally = { acknowledged: 0, failed: 0, aborts: 0, retries: 0, waitMs: 0 };
  let lostUpdates = 0;
  let trialsRaced = 0;
  let elapsedMs = 0;
  for (let trial = 0; trial < options.trials; trial++) {
    signal.throwIfAborted();
    await admin.query(`UPDATE ${schema}.database_value SET value = 0, version = 0 WHERE id = 1`);
    const before = tally.acknowledged;
    const began = performance.now();
    const outcomes = await Promise.allSettled(clients.map((client) => worker(client, fix.increment, tally, options.increments, signal)));
    elapsedMs += performance.now() - began;
    const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failure) {
      signal.throwIfAborted();
      throw new RunFailedError(`--fixes ${fix.fix} (${fix.level}): ${sanitize(String((failure.reason as Error)?.message ?? failure.reason))}`, { cause: failure.reason });
    }
    const final = await admin.query<{ value: number }>(`SELECT value FROM ${schema}.database_value WHERE id = 1`);
    const lost = tally.acknowledged - before - Number(final.rows[0]?.value);
    lostUpdates += lost;
    if (lost > 0) trialsRaced++;
  }
  const updates = options.trials * options.workers * options.increments;
  const round = (value: number, digits = 3): number => Number(value.toFixed(digits));
  return {
    fix: fix.fix,
    level: fix.level,
    updates,
    acknowledged: tally.acknowledged,
    failed: tally.failed,
    lostUpdates,
    trialsRaced,
    raceRate: round(trialsRaced / options.trials),
    updatesPerSecond: Math.round(tally.acknowledged / (elapsedMs / 1000)),
    abortsPerUpdate: round(tally.aborts / updates),
    retriesPerUpdate: round(tally.retries / updates),
    meanWaitMs: round(tally.waitMs / updates),
  };
}

async function worker(client: pg.Client, increment: Increment, tally: Tally, count: number, signal: AbortSignal): Promise<void> {
  for (let done = 0; done < count; done++) {
    signal.throwIfAborted();
    if (await increment(client, tally)) tally.acknowledged++;
    else tally.failed++;
  }
}

export interface FixesDocument extends FixOptions {
  schemaVersion: 1;
  kind: 'isolation-fixes';
  /** The machine it ran on (as in every racedemo document). */
  environment: Environment;
  store: 'postgres';
  server: string;
  fixes: FixResult[];
}

export function fixesDocument(run: FixesRun): FixesDocument {
  return { schemaVersion: 1, kind: 'isolation-fixes', environment: environment(), store: 'postgres', server: run.server, ...run.options, fixes: run.results };
}

export function renderFixes({ server, options, results }: FixesRun, where: string): string {
  const rows = results.map((result) => [
    result.fix,
    result.level,
    String(result.lostUpdates),
    `${Math.round(result.raceRate * 100)}%`,
    String(result.failed),
    String(result.updatesPerSecond),
    result.abortsPerUpdate.toFixed(2),
    result.retriesPerUpdate.toFixed(2),
    result.meanWaitMs.toFixed(2),
  ]);
  const head = ['fix', 'level', 'lost', 'race rate', 'refused', 'updates/s', 'aborts/upd', 'retries/upd', 'wait ms/upd'];
  return [
    `the lost-update counter on PostgreSQL ${server} (${where}): ${options.trials} trials × ${options.workers} connections × ${options.increments} increments per fix`,
    grid(head, ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'], rows),
    '',
    'lost: increments that committed but are missing from the final value. refused: aborted (40001) and not retried,',
    'so the client knows. wait ms/upd: time in statements that may wait on a row lock (UPDATE, SELECT … FOR UPDATE),',
    'measured at the client, per increment. Read-modify-write means SELECT, then UPDATE to the value read + 1.',
  ].join('\n');
}
