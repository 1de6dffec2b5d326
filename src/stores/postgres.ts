// PostgreSQL as a store: one UNLOGGED table per run, a row per slot (its bytes
// in a bytea) and a row per lock name. A read is one SELECT, a write one
// UPDATE, each its own transaction, so two workers lose updates exactly as two
// services do that read a row, compute and write it back. The lock is
// `SELECT … FOR UPDATE` on the lock's row inside a transaction (the default)
// or a session-level advisory lock. The bus is LISTEN/NOTIFY.
import pg from 'pg';
import { lockFrom } from '../worker/lock.js';
import type { MemoryLayout } from '../memory/layout.js';
import type { Lock } from '../scenario/api.js';
import { SlotMap } from './slots.js';
import { cannotCreate, notTheRunsDatabase, parseMessage, unreachable, type MessageBus, type StoreAdmin, type StoreDriver, type StoreSession, type StoreSpec } from './store.js';

// Separate namespaces: a slot a scenario names `lock:lock` is never the lock's row.
const lockRow = (name: string): string => `lock:${name}`;
const slotRow = (name: string): string => `slot:${name}`;
const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // A connection lost later fails the next query, which ends the trial with a message;
  // without a listener the 'error' event would crash the process instead.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw unreachable(url, error);
  }
  return client;
}

async function openPostgresSession(spec: StoreSpec, layout: MemoryLayout, lockNames: readonly string[]): Promise<StoreSession> {
  const client = await connect(spec.url);
  const table = quoted(spec.run);
  // A worker whose URL names another database would race on nothing: check the run's table is here.
  const found = await client.query('SELECT to_regclass($1) IS NOT NULL AS here', [table]);
  if (found.rows[0]?.here !== true) {
    await client.end();
    throw notTheRunsDatabase(spec);
  }
  const access = new SlotMap(layout).access({
    read: async (slot, start, length) => {
      const result = await client.query<{ v: Buffer }>({
        name: 'racedemo-read',
        text: `SELECT substring(value from $2 for $3) AS v FROM ${table} WHERE name = $1`,
        values: [slotRow(slot), start + 1, length],
      });
      return result.rows[0]?.v ?? new Uint8Array(length);
    },
    write: async (slot, start, bytes) => {
      await client.query({
        name: 'racedemo-write',
        text: `UPDATE ${table} SET value = overlay(value placing $2 from $3) WHERE name = $1`,
        values: [slotRow(slot), Buffer.from(bytes), start + 1],
      });
    },
  });
  const { locks, endTrial } = spec.lock === 'advisory' ? advisoryLocks(client, spec.run, lockNames.length) : rowLocks(client, table, lockNames);
  return { access, locks, endTrial, close: () => client.end() };
}

/** A session's locks, and how to give back what a body still holds when its trial ends. */
interface SessionLocks {
  locks: Lock[];
  endTrial(): Promise<void>;
}

/**
 * `SELECT … FOR UPDATE` holds the row until the transaction ends, so the first
 * acquire opens the transaction and the last release commits it: a worker's
 * reads and writes between them are inside it. An inner lock is therefore only
 * given back with the outer one, which is stricter, never weaker.
 */
function rowLocks(client: pg.Client, table: string, lockNames: readonly string[]): SessionLocks {
  let depth = 0;
  const endTrial = async (): Promise<void> => {
    // Still held: commit, as shared memory keeps a body's writes, and free the rows.
    if (depth === 0) return;
    depth = 0;
    await client.query('COMMIT');
  };
  const locks = lockNames.map((name) =>
    lockFrom(
      async () => {
        try {
          if (depth === 0) await client.query('BEGIN');
          depth++;
          await client.query({ name: 'racedemo-lock', text: `SELECT 1 FROM ${table} WHERE name = $1 FOR UPDATE`, values: [lockRow(name)] });
        } catch (error) {
          // PostgreSQL aborted the transaction (a deadlock it detected, a lost connection).
          depth = 0;
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        }
      },
      async () => {
        if (depth > 0 && --depth === 0) await client.query('COMMIT');
      },
    ),
  );
  return { locks, endTrial };
}

/** Session-level advisory locks: (run key, lock index) names each one. */
function advisoryLocks(client: pg.Client, run: string, count: number): SessionLocks {
  const runKey = runKeyOf(run);
  let held = 0;
  const endTrial = async (): Promise<void> => {
    if (held === 0) return;
    held = 0;
    await client.query('SELECT pg_advisory_unlock_all()');
  };
  const locks = Array.from({ length: count }, (_, index) =>
    lockFrom(
      async () => {
        await client.query({ name: 'racedemo-advisory-lock', text: 'SELECT pg_advisory_lock($1, $2)', values: [runKey, index] });
        held++;
      },
      async () => {
        held--;
        await client.query({ name: 'racedemo-advisory-unlock', text: 'SELECT pg_advisory_unlock($1, $2)', values: [runKey, index] });
      },
    ),
  );
  return { locks, endTrial };
}

/** A 31-bit key from the run name's random hex, for pg_advisory_lock(int, int). */
function runKeyOf(run: string): number {
  return Number.parseInt(run.slice(-7), 16) || 1;
}

async function openPostgresAdmin(spec: StoreSpec, layout: MemoryLayout, lockNames: readonly string[]): Promise<StoreAdmin> {
  const client = await connect(spec.url);
  const table = quoted(spec.run);
  const slots = new SlotMap(layout);
  const admin: StoreAdmin = {
    async reset(image) {
      const parts = slots.split(image);
      await client.query(
        `INSERT INTO ${table} (name, value) SELECT * FROM unnest($1::text[], $2::bytea[])
         ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`,
        [parts.map((part) => slotRow(part.name)), parts.map((part) => Buffer.from(part.bytes))],
      );
    },
    async snapshot() {
      const result = await client.query<{ name: string; value: Buffer }>(`SELECT name, value FROM ${table} WHERE name = ANY($1)`, [slots.names.map(slotRow)]);
      return slots.join(new Map(result.rows.map((row) => [row.name.slice('slot:'.length), row.value])));
    },
    async drop() {
      // The run's own connection may be what failed: then a fresh one drops the table.
      await dropTable(client, table).catch(async () => {
        const fresh = await connect(spec.url);
        await dropTable(fresh, table).finally(() => fresh.end());
      });
    },
    close: () => client.end(),
  };
  try {
    await client.query(`CREATE UNLOGGED TABLE ${table} (name text PRIMARY KEY, value bytea NOT NULL)`);
    await client.query(`INSERT INTO ${table} (name, value) SELECT unnest($1::text[]), ''::bytea`, [lockNames.map(lockRow)]);
    await admin.reset(layout.initialImage());
  } catch (error) {
    await admin.drop().catch(() => {});
    await client.end().catch(() => {});
    throw cannotCreate(spec, 'table', error);
  }
  return admin;
}

/**
 * DROP TABLE waits for every transaction that holds one of its rows, and a
 * worker that froze holding the lock row would make it wait for ever. After a
 * second, the run's other connections (its own workers) are ended, and the
 * drop tried once more.
 */
async function dropTable(client: pg.Client, table: string): Promise<void> {
  await client.query("SET lock_timeout = '1s'");
  try {
    await client.query(`DROP TABLE IF EXISTS ${table}`);
  } catch {
    // Only locks on this table, in this database (relation OIDs are per database).
    await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks
       WHERE locktype = 'relation' AND relation = to_regclass($1)
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND pid <> pg_backend_pid()`,
      [table],
    );
    await client.query(`DROP TABLE IF EXISTS ${table}`);
  }
}

async function openPostgresBus(url: string): Promise<MessageBus> {
  const client = await connect(url);
  const handlers = new Map<string, (message: unknown) => void>();
  client.on('notification', ({ channel, payload }) => {
    const handler = handlers.get(channel);
    const message = payload ? parseMessage(payload) : undefined;
    if (handler && message !== undefined) handler(message);
  });
  let closing = false;
  const lost: Array<() => void> = [];
  client.on('end', () => closing || lost.splice(0).forEach((listener) => listener()));
  const inTurn = oneAtATime();
  return {
    async publish(channel, message) {
      await inTurn(() => client.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify(message)]));
    },
    async subscribe(channel, onMessage) {
      handlers.set(channel, onMessage);
      await inTurn(() => client.query(`LISTEN ${quoted(channel)}`));
    },
    async unsubscribe(channel) {
      handlers.delete(channel);
      await inTurn(() => client.query(`UNLISTEN ${quoted(channel)}`));
    },
    onLost(listener) {
      lost.push(listener);
    },
    async close() {
      closing = true;
      await client.end();
    },
  };
}

/**
 * One query at a time on a connection, in call order. The bus is used by several
 * flows at once (a coordinator answers each worker from its notification handler
 * while it publishes to others); pg would queue them itself, but warns that it
 * will stop doing so (pg@9), and prints that warning to the user's terminal.
 */
function oneAtATime(): <T>(query: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (query) => {
    const turn = last.then(query);
    last = turn.catch(() => {});
    return turn;
  };
}

/** The driver, as drivers.ts loads it. */
export const driver: StoreDriver = { openSession: openPostgresSession, openAdmin: openPostgresAdmin, openBus: openPostgresBus };
