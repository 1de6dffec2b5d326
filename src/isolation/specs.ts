// One small spec per anomaly, in the manner of PostgreSQL's isolation specs and
// Kleppmann's Hermitage: table `test (id, value)` holding (1, 10) and (2, 20),
// sessions T1..T3, statements in a fixed order. Every session begins with
// `BEGIN ISOLATION LEVEL …` (added by the runner). Each judge decides from
// what was read, the final rows and the fates, never from the level.
import type { Anomaly, Fate, Finding, Observed, Row, SessionName, Spec } from './types.js';

const start: Row[] = [
  { id: 1, value: 10 },
  { id: 2, value: 20 },
];

const valueOf = (rows: Row[], id: number): number | undefined => rows.find((row) => row.id === id)?.value;
const rowsText = (rows: Row[]): string => (rows.length === 0 ? 'nothing' : rows.map((row) => `${row.id}→${row.value}`).join(', '));
const committed = (observed: Observed, ...names: SessionName[]): boolean => names.every((name) => observed.fates[name]?.end === 'committed');

/** "T2 aborted (40001)" for each session that did not commit, or '' when all did. */
function endings(fates: Partial<Record<SessionName, Fate>>): string {
  const text = Object.entries(fates)
    .filter(([, fate]) => fate.end !== 'committed')
    .map(([name, fate]) => (fate.end === 'aborted' ? `${name} aborted (${fate.sqlstate})` : `${name} rolled back`));
  return text.length > 0 ? `; ${text.join(', ')}` : '';
}

const g0: Spec = {
  anomaly: 'G0',
  title: 'dirty write: two transactions write x and y, each overwriting the other before it commits',
  rows: start,
  steps: [
    { session: 'T1', sql: 'UPDATE test SET value = 11 WHERE id = 1' },
    { session: 'T2', sql: 'UPDATE test SET value = 12 WHERE id = 1' },
    { session: 'T1', sql: 'UPDATE test SET value = 21 WHERE id = 2' },
    { session: 'T1', sql: 'COMMIT' },
    { session: 'T2', sql: 'UPDATE test SET value = 22 WHERE id = 2' },
    { session: 'T2', sql: 'COMMIT' },
  ],
  judge({ final, fates }) {
    const [x, y] = [valueOf(final, 1), valueOf(final, 2)];
    const mixed = (x === 11 && y === 22) || (x === 12 && y === 21);
    const whose = x === 11 ? 'both from T1' : x === 12 ? 'both from T2' : 'neither written';
    return { occurs: mixed, evidence: `final ${rowsText(final)}: ${mixed ? 'x from one transaction, y from the other' : whose}${endings(fates)}` };
  },
};

const g1a: Spec = {
  anomaly: 'G1a',
  title: 'aborted read: T2 reads a value T1 wrote and then rolled back',
  rows: start,
  steps: [
    { session: 'T1', sql: 'UPDATE test SET value = 101 WHERE id = 1' },
    { session: 'T2', sql: 'SELECT * FROM test ORDER BY id', as: 'first' },
    { session: 'T1', sql: 'ROLLBACK' },
    { session: 'T2', sql: 'SELECT * FROM test ORDER BY id', as: 'second' },
    { session: 'T2', sql: 'COMMIT' },
  ],
  judge({ seen }) {
    const reads = [...seen('first'), ...seen('second')];
    const dirty = reads.some((row) => row.value === 101);
    return { occurs: dirty, evidence: `T2 read ${rowsText(seen('first'))}, then ${rowsText(seen('second'))}: ${dirty ? 'saw 101, which T1 rolled back' : 'never saw T1\'s 101'}` };
  },
};

const g1b: Spec = {
  anomaly: 'G1b',
  title: "intermediate read: T2 reads a value T1 wrote and then overwrote before committing",
  rows: start,
  steps: [
    { session: 'T1', sql: 'UPDATE test SET value = 101 WHERE id = 1' },
    { session: 'T2', sql: 'SELECT * FROM test ORDER BY id', as: 'first' },
    { session: 'T1', sql: 'UPDATE test SET value = 11 WHERE id = 1' },
    { session: 'T1', sql: 'COMMIT' },
    { session: 'T2', sql: 'SELECT * FROM test ORDER BY id', as: 'second' },
    { session: 'T2', sql: 'COMMIT' },
  ],
  judge({ seen }) {
    const dirty = [...seen('first'), ...seen('second')].some((row) => row.value === 101);
    return { occurs: dirty, evidence: `T2 read ${rowsText(seen('first'))}, then ${rowsText(seen('second'))}: ${dirty ? "saw T1's intermediate 101" : "never saw T1's intermediate 101"}` };
  },
};

const g1c: Spec = {
  anomaly: 'G1c',
  title: "circular information flow: each transaction reads the other's uncommitted write",
  rows: start,
  steps: [
    { session: 'T1', sql: 'UPDATE test SET value = 11 WHERE id = 1' },
    { session: 'T2', sql: 'UPDATE test SET value = 22 WHERE id = 2' },
    { session: 'T1', sql: 'SELECT * FROM test WHERE id = 2', as: 'T1 read' },
    { session: 'T2', sql: 'SELECT * FROM test WHERE id = 1', as: 'T2 read' },
    { session: 'T1', sql: 'COMMIT' },
    { session: 'T2', sql: 'COMMIT' },
  ],
  judge({ seen, fates }) {
    const circular = valueOf(seen('T1 read'), 2) === 22 && valueOf(seen('T2 read'), 1) === 11;
    return { occurs: circular, evidence: `T1 read ${rowsText(seen('T1 read'))}, T2 read ${rowsText(seen('T2 read'))}: ${circular ? "each saw the other's write" : "neither saw the other's write"}${endings(fates)}` };
  },
};

/** T3's reads of x and y, and whose version each was: 0 the initial rows, 1 T1's, 2 T2's. */
const otvVersions = new Map([
  [10, 0], [20, 0], [11, 1], [19, 1], [12, 2], [18, 2],
]);

const otv: Spec = {
  anomaly: 'OTV',
  title: 'observed transaction vanishes: T3 sees T2 overwrite T1, then reads T1 again',
  rows: start,
  steps: [
    { session: 'T1', sql: 'UPDATE test SET value = 11 WHERE id = 1' },
    { session: 'T1', sql: 'UPDATE test SET value = 19 WHERE id = 2' },
    { session: 'T2', sql: 'UPDATE test SET value = 12 WHERE id = 1' },
    { session: 'T1', sql: 'COMMIT' },
    { session: 'T3', sql: 'SELECT * FROM test WHERE id = 1', as: 'a' },
    { session: 'T2', sql: 'UPDATE test SET value = 18 WHERE id = 2' },
    { session: 'T3', sql: 'SELECT * FROM test WHERE id = 2', as: 'b' },
    { session: 'T2', sql: 'COMMIT' },
    { session: 'T3', sql: 'SELECT * FROM test WHERE id = 2', as: 'c' },
    { session: 'T3', sql: 'SELECT * FROM test WHERE id = 1', as: 'd' },
    { session: 'T3', sql: 'COMMIT' },
  ],
  judge({ seen, fates }) {
    const reads = ['a', 'b', 'c', 'd'].flatMap((label) => seen(label));
    const versions = reads.map((row) => otvVersions.get(row.value) ?? -1);
    // Both T1 and T2 wrote both rows: a version older than one already seen means that newer transaction vanished.
    const vanished = versions.some((version, index) => version < Math.max(...versions.slice(0, index), 0));
    return { occurs: vanished, evidence: `T3 read ${rowsText(reads)} in that order: ${vanished ? 'went back to an older version after seeing a newer one' : 'never went back to an older version'}${endings(fates)}` };
  },
};

const pmp: Spec = {
  anomaly: 'PMP',
  title: "predicate-many-preceders: T1's second predicate read sees a row its first did not",
  rows: start,
  steps: [
    { session: 'T1', sql: 'SELECT * FROM test WHERE value = 30', as: 'first' },
    { session: 'T2', sql: 'INSERT INTO test (id, value) VALUES (3, 30)' },
    { session: 'T2', sql: 'COMMIT' },
    { session: 'T1', sql: 'SELECT * FROM test WHERE value % 3 = 0', as: 'second' },
    { session: 'T1', sql: 'COMMIT' },
  ],
  judge({ seen }) {
    const appeared = seen('first').length === 0 && seen('second').some((row) => row.id === 3);
    return { occurs: appeared, evidence: `T1's predicate reads returned ${rowsText(seen('first'))}, then ${rowsText(seen('second'))}: ${appeared ? "T2's insert appeared in the middle of T1" : "T2's insert stayed invisible to T1"}` };
  },
};

const p4: Spec = {
  anomaly: 'P4',
  title: 'lost update: both read x, both write back x + 1',
  rows: start,
  steps: [
    { session: 'T1', sql: 'SELECT * FROM test WHERE id = 1', as: 'T1 read' },
    { session: 'T2', sql: 'SELECT * FROM test WHERE id = 1', as: 'T2 read' },
    { session: 'T1', sql: (seen) => `UPDATE test SET value = ${(valueOf(seen('T1 read'), 1) ?? 0) + 1} WHERE id = 1` },
    { session: 'T2', sql: (seen) => `UPDATE test SET value = ${(valueOf(seen('T2 read'), 1) ?? 0) + 1} WHERE id = 1` },
    { session: 'T1', sql: 'COMMIT' },
    { session: 'T2', sql: 'COMMIT' },
  ],
  judge(observed) {
    const x = valueOf(observed.final, 1);
    const lost = committed(observed, 'T1', 'T2') && x === 11;
    return { occurs: lost, evidence: `both read x=10; final x=${x}${lost ? ' although both increments committed: one is lost' : ''}${endings(observed.fates)}` };
  },
};

const gSingle: Spec = {
  anomaly: 'G-single',
  title: 'read skew: T1 reads x before and y after T2 moves 2 from y to x',
  rows: start,
  steps: [
    { session: 'T1', sql: 'SELECT * FROM test WHERE id = 1', as: 'x' },
    { session: 'T2', sql: 'SELECT * FROM test WHERE id = 1' },
    { session: 'T2', sql: 'SELECT * FROM test WHERE id = 2' },
    { session: 'T2', sql: 'UPDATE test SET value = 12 WHERE id = 1' },
    { session: 'T2', sql: 'UPDATE test SET value = 18 WHERE id = 2' },
    { session: 'T2', sql: 'COMMIT' },
    { session: 'T1', sql: 'SELECT * FROM test WHERE id = 2', as: 'y' },
    { session: 'T1', sql: 'COMMIT' },
  ],
  judge({ seen, fates }) {
    const [x, y] = [valueOf(seen('x'), 1), valueOf(seen('y'), 2)];
    const skewed = x !== undefined && y !== undefined && x + y !== 30;
    return { occurs: skewed, evidence: `T1 read x=${x}, y=${y}: x + y = ${(x ?? 0) + (y ?? 0)}${skewed ? ', not the 30 every committed state has' : ', as in every committed state'}${endings(fates)}` };
  },
};

const g2Item: Spec = {
  anomaly: 'G2-item',
  title: "write skew: each reads x and y, then writes the one the other did not",
  rows: start,
  steps: [
    { session: 'T1', sql: 'SELECT * FROM test WHERE id IN (1, 2) ORDER BY id', as: 'T1 read' },
    { session: 'T2', sql: 'SELECT * FROM test WHERE id IN (1, 2) ORDER BY id', as: 'T2 read' },
    { session: 'T1', sql: 'UPDATE test SET value = 11 WHERE id = 1' },
    { session: 'T2', sql: 'UPDATE test SET value = 21 WHERE id = 2' },
    { session: 'T1', sql: 'COMMIT' },
    { session: 'T2', sql: 'COMMIT' },
  ],
  judge(observed) {
    const skew = committed(observed, 'T1', 'T2');
    const reads = `T1 read ${rowsText(observed.seen('T1 read'))}, T2 read ${rowsText(observed.seen('T2 read'))}`;
    return { occurs: skew, evidence: `${reads}; ${skew ? "both committed, each without seeing the other's write: no serial order gives those reads" : 'not both committed'}${endings(observed.fates)}` };
  },
};

const g2: Spec = {
  anomaly: 'G2',
  title: "anti-dependency cycle on a predicate: each checks that no row matches, then inserts one",
  rows: start,
  steps: [
    { session: 'T1', sql: 'SELECT * FROM test WHERE value % 3 = 0', as: 'T1 read' },
    { session: 'T2', sql: 'SELECT * FROM test WHERE value % 3 = 0', as: 'T2 read' },
    { session: 'T1', sql: 'INSERT INTO test (id, value) VALUES (3, 30)' },
    { session: 'T2', sql: 'INSERT INTO test (id, value) VALUES (4, 42)' },
    { session: 'T1', sql: 'COMMIT' },
    { session: 'T2', sql: 'COMMIT' },
  ],
  judge(observed) {
    const cycle = committed(observed, 'T1', 'T2') && observed.seen('T1 read').length === 0 && observed.seen('T2 read').length === 0;
    return { occurs: cycle, evidence: `both found no row with value % 3 = 0; final ${rowsText(observed.final)}${cycle ? ': both inserts committed, each unseen by the other' : ''}${endings(observed.fates)}` };
  },
};

export const specs: Record<Anomaly, Spec> = {
  G0: g0,
  G1a: g1a,
  G1b: g1b,
  G1c: g1c,
  OTV: otv,
  PMP: pmp,
  P4: p4,
  'G-single': gSingle,
  'G2-item': g2Item,
  G2: g2,
};
