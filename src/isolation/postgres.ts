// Runs one spec at one level on a real PostgreSQL, the way PostgreSQL's own
// isolation tester does: a connection per session, the steps in their fixed
// order, and a step the server makes wait is seen as blocked by polling
// pg_blocking_pids for that session's backend from a separate monitor
// connection; then the next step goes ahead. After each step, every blocked
// session is checked again: released (with its result or error) or still
// blocked. The test's table lives in a schema of its own, dropped on every way out.
import { sanitize } from '../trust/text.js';
import type pg from 'pg';
import { RunFailedError } from '../errors.js';
import { connect } from '../stores/postgres.js';
import { newRunName } from '../stores/store.js';
import { sessionNames, verdictOf, type Fate, type Level, type Observed, type Row, type SessionName, type Spec, type Step, type Verdict } from './types.js';

/** One line of a test's timeline: what a session sent, and what came of it. */
export interface TimelineEntry {
  session: SessionName;
  sql: string;
  outcome: string;
}

export interface TestRun {
  level: Level;
  spec: Spec;
  observed: Observed;
  verdict: Verdict;
  timeline: TimelineEntry[];
}

type Settled = { ok: true; result: pg.QueryResult } | { ok: false; error: unknown };

interface Session {
  name: SessionName;
  client: pg.Client;
  pid: number;
  /** The statement in flight, once it has settled. */
  settled?: Settled;
  inFlight?: { entry: TimelineEntry; step: Step; blocked: boolean };
  blocked: boolean;
  end?: 'committed' | 'rolled back';
  failure?: { sqlstate: string; message: string };
}

/** A statement that neither finishes nor is blocked for this long means something else holds it up (a generous limit, not a timing). */
const STALL_MS = 30_000;


const rowsOf = (result: pg.QueryResult): Row[] => result.rows.map((row: Record<string, unknown>) => ({ id: Number(row.id), value: Number(row.value) }));
const rowsText = (rows: Row[]): string => (rows.length === 0 ? '(no rows)' : rows.map((row) => `${row.id}→${row.value}`).join(', '));

export async function runSpec(url: string, monitor: pg.Client, spec: Spec, level: Level, signal: AbortSignal): Promise<TestRun> {
  const schema = newRunName();
  const sessions: Session[] = [];
  const timeline: TimelineEntry[] = [];
  const reads = new Map<string, Row[]>();
  const seen = (label: string): Row[] => reads.get(label) ?? [];
  try {
    await monitor.query(`CREATE SCHEMA ${schema}`);
    await monitor.query(`CREATE TABLE ${schema}.test (id int PRIMARY KEY, value int NOT NULL)`);
    await monitor.query(`INSERT INTO ${schema}.test (id, value) SELECT * FROM unnest($1::int[], $2::int[])`, [spec.rows.map((row) => row.id), spec.rows.map((row) => row.value)]);
    const names = sessionNames.filter((name) => spec.steps.some((step) => step.session === name));
    for (const name of names) sessions.push(await openSession(url, name, schema));
    for (const session of sessions) {
      const sql = `BEGIN ISOLATION LEVEL ${level.toUpperCase()}`;
      await session.client.query(sql);
      timeline.push({ session: session.name, sql, outcome: '' });
    }
    const blockedBy = async (pid: number): Promise<string[]> => {
      const pids = await blockersOf(monitor, pid);
      return pids.map((blocker) => sessions.find((session) => session.pid === blocker)?.name ?? `backend ${blocker}`);
    };
    for (const step of spec.steps) {
      signal.throwIfAborted();
      const session = sessions.find((candidate) => candidate.name === step.session) as Session;
      await runStep(session, step, seen, timeline, blockedBy, signal);
      for (const other of sessions) {
        if (other === session || !other.inFlight) continue;
        if ((await untilSettledOrBlocked(other, blockedBy, signal)) === 'settled') record(other, reads, timeline);
      }
      if (!session.inFlight?.blocked) record(session, reads, timeline);
    }
    const stuck = sessions.find((session) => session.inFlight);
    if (stuck) throw new RunFailedError(`isolation test ${spec.anomaly} at ${level}: ${stuck.name} is still blocked after the last step`);
    const final = rowsOf(await monitor.query(`SELECT id, value FROM ${schema}.test ORDER BY id`));
    const fates = Object.fromEntries(sessions.map((session) => [session.name, fateOf(session)]));
    const observed: Observed = { seen, fates, final };
    return { level, spec, observed, verdict: verdictOf(spec.judge(observed), fates), timeline };
  } finally {
    await cleanup(url, monitor, sessions, schema);
  }
}

async function openSession(url: string, name: SessionName, schema: string): Promise<Session> {
  const client = await connect(url);
  await client.query(`SET search_path TO ${schema}`);
  const result = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return { name, client, pid: Number(result.rows[0]?.pid), blocked: false };
}

/** The backends that make `pid` wait on a lock (none: it is not blocked). */
async function blockersOf(monitor: pg.Client, pid: number): Promise<number[]> {
  const result = await monitor.query<{ pids: number[] }>('SELECT pg_blocking_pids($1::int) AS pids', [pid]);
  return (result.rows[0]?.pids ?? []).map(Number);
}

async function runStep(session: Session, step: Step, seen: (label: string) => Row[], timeline: TimelineEntry[], blockedBy: (pid: number) => Promise<string[]>, signal: AbortSignal): Promise<void> {
  const sql = typeof step.sql === 'string' ? step.sql : step.sql(seen);
  if (session.failure) {
    timeline.push({ session: session.name, sql, outcome: 'not sent: the transaction was aborted' });
    return;
  }
  if (session.inFlight) throw new RunFailedError(`isolation spec: ${session.name} sends a step while it is still blocked`);
  const entry: TimelineEntry = { session: session.name, sql, outcome: '' };
  timeline.push(entry);
  session.inFlight = { entry, step, blocked: false };
  session.settled = undefined;
  session.client.query(sql).then(
    (result) => (session.settled = { ok: true, result }),
    (error: unknown) => (session.settled = { ok: false, error }),
  );
  const state = await untilSettledOrBlocked(session, blockedBy, signal);
  if (state !== 'settled') {
    session.inFlight.blocked = true;
    session.blocked = true;
    entry.outcome = `… blocked: waits for ${state.blockers.join(', ')}`;
  }
}

/** Polls the session's backend until its statement has settled or the server makes it wait on a lock. */
async function untilSettledOrBlocked(session: Session, blockedBy: (pid: number) => Promise<string[]>, signal: AbortSignal): Promise<'settled' | { blockers: string[] }> {
  const deadline = Date.now() + STALL_MS;
  for (;;) {
    if (session.settled) return 'settled';
    if (Date.now() > deadline) throw new RunFailedError(`${session.name}'s statement neither finished nor waited on a lock for ${STALL_MS / 1000} s: is the server overloaded?`);
    const blockers = await blockedBy(session.pid);
    if (session.settled) return 'settled';
    if (blockers.length > 0) return { blockers };
    signal.throwIfAborted();
  }
}

/** Writes a settled statement's outcome to the timeline (a new line if it had been blocked) and the session's state. */
function record(session: Session, reads: Map<string, Row[]>, timeline: TimelineEntry[]): void {
  const { inFlight, settled } = session;
  if (!inFlight || !settled) return;
  session.inFlight = undefined;
  const entry = inFlight.blocked ? { session: session.name, sql: '', outcome: '' } : inFlight.entry;
  if (inFlight.blocked) timeline.push(entry);
  const released = inFlight.blocked ? 'released: ' : '';
  if (settled.ok) {
    const rows = rowsOf(settled.result);
    if (inFlight.step.as) reads.set(inFlight.step.as, rows);
    const command = settled.result.command;
    if (command === 'COMMIT') session.end = 'committed';
    if (command === 'ROLLBACK') session.end = 'rolled back';
    entry.outcome = `${released}→ ${outcomeText(command, rows, settled.result.rowCount)}`;
    return;
  }
  const { code, message } = settled.error as { code?: unknown; message?: unknown };
  if (typeof code !== 'string') throw new RunFailedError(`the store's connection for ${session.name} failed: ${sanitize(String(message))}`, { cause: settled.error });
  session.failure = { sqlstate: code, message: sanitize(String(message)) };
  entry.outcome = `${released}ERROR ${code}: ${session.failure.message}`;
  // The server already aborted the transaction; ROLLBACK ends it so the session is idle again.
  session.client.query('ROLLBACK').catch(() => {});
}

function outcomeText(command: string, rows: Row[], count: number | null): string {
  if (command === 'SELECT') return rowsText(rows);
  if (command === 'COMMIT') return 'committed';
  if (command === 'ROLLBACK') return 'rolled back';
  return `${count ?? 0} row${count === 1 ? '' : 's'}`;
}

function fateOf(session: Session): Fate {
  if (session.failure) return { end: 'aborted', ...session.failure, blocked: session.blocked };
  return { end: session.end ?? 'rolled back', blocked: session.blocked };
}

/**
 * Ends the sessions and drops the test's schema. A session still waiting on a
 * lock (an error or Ctrl-C mid-test) is terminated first, so that the DROP
 * does not wait behind it.
 */
async function cleanup(url: string, monitor: pg.Client, sessions: Session[], schema: string): Promise<void> {
  const waiting = sessions.filter((session) => session.inFlight && !session.settled).map((session) => session.pid);
  if (waiting.length > 0) await monitor.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [waiting]).catch(() => {});
  await Promise.all(sessions.map((session) => session.client.end().catch(() => {})));
  const drop = `DROP SCHEMA IF EXISTS ${schema} CASCADE`;
  await monitor.query(drop).catch(async () => {
    const fresh = await connect(url);
    await fresh.query(drop).finally(() => fresh.end());
  });
}
