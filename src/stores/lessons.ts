// What `racedemo show postgres` and `racedemo show redis` print: how a run
// keeps its slots in the store, and how each of the store's locks works, with
// its production caveats.
import type { StoreKind } from './store.js';

export interface StoreLesson {
  name: StoreKind;
  summary: string;
  slots: string;
  locks: Array<{ name: string; how: string }>;
  remote: string;
  example: string;
}

export const storeLessons: Record<StoreKind, StoreLesson> = {
  postgres: {
    name: 'postgres',
    summary: "the tutorial's database_value in a real PostgreSQL table",
    slots:
      'A run creates one UNLOGGED table, racedemo_<id>, with a row per slot, slot:<name> (its bytes in a bytea), and a row per lock, lock:<name>, ' +
      'and drops it when the run ends. A read is one SELECT, a write one UPDATE, each its own transaction: ' +
      'two workers that read the same value, add 1 and write it back lose an update, exactly as two web servers do ' +
      'with "SELECT balance … ; UPDATE … SET balance = $new".',
    locks: [
      {
        name: 'for-update (default)',
        how:
          'BEGIN; SELECT … FROM racedemo_<id> WHERE name = \'lock:lock\' FOR UPDATE; … reads and writes …; COMMIT. ' +
          'The row lock makes the second transaction wait at its SELECT until the first commits, so its read sees the ' +
          'committed value. A row lock lasts until the transaction ends, so a nested lock is given back with the outer ' +
          'one. Two transactions that lock in opposite orders deadlock; PostgreSQL itself detects that after ' +
          'deadlock_timeout (1 s) and aborts one, and racedemo reports the cycle.',
      },
      {
        name: 'advisory',
        how:
          'SELECT pg_advisory_lock(run, n) … SELECT pg_advisory_unlock(run, n): a lock on a number, not a row, held by the ' +
          "session until it is unlocked or the connection ends. Reads and writes stay outside any transaction; the lock " +
          'works only because every worker takes it (forget it in one code path and the race is back).',
      },
    ],
    remote:
      'With --remote-workers N, N of the workers come from `racedemo worker --store URL` processes on this or other ' +
      'machines, given the same secret (RACEDEMO_SECRET or --secret-file). They meet the run through LISTEN/NOTIFY: the start of ' +
      'each trial and every result is a signed NOTIFY (docs/trust.md).',
    example: 'racedemo run thread-counter --store postgres://user@localhost/race --compare',
  },
  redis: {
    name: 'redis',
    summary: "the tutorial's database_value in real Redis keys",
    slots:
      'A run keeps each slot in a key, racedemo_<id>:slot:<slot>, holding its bytes, and deletes the keys when the run ends. ' +
      'A read is one GETRANGE, a write one SETRANGE: atomic one by one, racy as a pair, like GET then SET in a cache ' +
      'counter.',
    locks: [
      {
        name: 'set-nx (default)',
        how:
          'SET racedemo_<id>:lock:<name> <random token> NX PX <--timeout>, retried until it answers OK; released by a Lua ' +
          "script that deletes the key only if it still holds this worker's token. The expiry frees the lock if its " +
          'holder dies, and is also its weakness: a holder paused longer than the expiry (a GC pause, a slow network) ' +
          'loses the lock without knowing, and two workers are inside at once. Keep --timeout well above a trial.',
      },
      {
        name: 'watch',
        how:
          'Optimistic: WATCH the slot keys, read, hold the writes back, then MULTI … EXEC. If another worker changed a ' +
          'watched key in between, Redis refuses the EXEC, nothing is written, and lock.run(fn) runs the section again. ' +
          'Nobody waits and nothing can deadlock (lock-ordering runs clean); the price is repeated work when workers ' +
          'collide often.',
      },
    ],
    remote:
      'With --remote-workers N, N of the workers come from `racedemo worker --store URL` processes on this or other ' +
      'machines, given the same secret (RACEDEMO_SECRET or --secret-file). They meet the run through pub/sub: the start of ' +
      'each trial and every result is a signed PUBLISH (docs/trust.md).',
    example: 'racedemo run thread-counter --store redis://localhost:6379 --compare',
  },
};

export function isStoreTopic(reference: string): reference is StoreKind {
  return reference === 'postgres' || reference === 'redis';
}
