// The anomalies in plain words, for `racedemo show isolation` and for the
// paragraph under a traced test: what it is, what a developer would see in an
// application, and why PostgreSQL let it through or kept it out, for each way
// a test can end (the paragraph is picked by the observed verdict, not the level).
import { wrapWords } from '../report/fit.js';
import type { Anomaly, Prevention } from './types.js';

export interface AnomalyLesson {
  name: string;
  plain: string;
  /** What it looks like from an application. */
  symptom: string;
  why: Partial<Record<'occurs' | Prevention, string>>;
}

const aborted40001 =
  'PostgreSQL aborted a transaction with SQLSTATE 40001 (serialization failure) instead of letting it commit: the application must retry it.';

export const lessons: Record<Anomaly, AnomalyLesson> = {
  G0: {
    name: 'dirty write',
    plain: 'a transaction overwrites a value another transaction wrote but has not committed yet',
    symptom: 'an order ends up with the items of one request and the total of another',
    why: {
      blocked: "Every PostgreSQL level takes a row lock on UPDATE and keeps it to the end of the transaction: T2's write to x waits until T1 commits, so the rows end up wholly T1's or wholly T2's.",
      aborted: "T2's write waited for T1's row lock; when T1 committed, T2's snapshot predates T1's write, so at this level PostgreSQL refuses to overwrite it and aborts T2 (40001). Only T1's rows remain.",
    },
  },
  G1a: {
    name: 'aborted read',
    plain: 'a transaction reads a value that its writer later rolled back',
    symptom: 'an email goes out for a payment that was rolled back and never happened',
    why: { snapshot: 'PostgreSQL never shows uncommitted rows to other sessions at any level (READ UNCOMMITTED behaves as READ COMMITTED): T2 reads the last committed version, with no waiting.' },
  },
  G1b: {
    name: 'intermediate read',
    plain: "a transaction reads a value its writer had not finished with (it overwrote it before committing)",
    symptom: 'a report shows a half-updated state, such as a price before its discount was applied',
    why: { snapshot: "Uncommitted versions are invisible to other sessions, so T2 sees either the value before T1 or T1's final value, never the one in between." },
  },
  G1c: {
    name: 'circular information flow',
    plain: "two transactions each see the other's uncommitted write",
    symptom: "two requests each act on the other's unfinished work, a state no serial order can give",
    why: {
      snapshot: "Neither transaction can see the other's uncommitted row, so no information flows in a circle.",
      aborted: `Neither saw the other's write; besides, each read a row the other wrote, a cycle of read-write dependencies that serializable snapshot isolation refuses at commit. ${aborted40001}`,
    },
  },
  OTV: {
    name: 'observed transaction vanishes',
    plain: "a reader sees a transaction's write, then reads an older version of something that same transaction also overwrote",
    symptom: 'a dashboard shows an update and, on the next query of the same request, the data from before it',
    why: {
      blocked: "T2 cannot write x until T1 commits (it waits on the row lock), and each of T3's statements reads committed data only, so the versions T3 sees only move forward.",
      aborted: `T3 reads one snapshot throughout, so nothing it saw can vanish; and T2, whose snapshot predates T1's commit, cannot overwrite T1's rows. ${aborted40001}`,
      snapshot: 'T3 reads one snapshot throughout, so nothing it saw can vanish.',
    },
  },
  PMP: {
    name: 'predicate-many-preceders',
    plain: "a transaction's second search (WHERE …) sees a row that a transaction committed after its first search",
    symptom: 'a query that checked for duplicates found none, and the same request then finds one',
    why: {
      occurs: "At READ COMMITTED each statement takes a fresh snapshot: T1's second SELECT sees T2's insert, committed between T1's two statements.",
      snapshot: "The whole transaction reads one snapshot, taken at its first statement: T2's insert, committed later, stays invisible to T1.",
    },
  },
  P4: {
    name: 'lost update',
    plain: 'two transactions read a value, both compute a new one from it and write it back; one write is lost',
    symptom: 'two likes, two stock decrements or two balance changes and only one counted (the counter race)',
    why: {
      occurs: "Each transaction computed x + 1 from the 10 it read. T2's UPDATE waited for T1's row lock and then, at READ COMMITTED, simply overwrote T1's committed 11 with its own 11: the database cannot know the 11 was computed from a stale read. Use UPDATE … SET v = v + 1, SELECT … FOR UPDATE, a version column, or a stricter level with retries ('racedemo isolation --fixes').",
      aborted: `T2's UPDATE waited for T1's row lock; once T1 committed, the row had changed since T2's snapshot, so PostgreSQL raised "could not serialize access due to concurrent update". ${aborted40001}`,
    },
  },
  'G-single': {
    name: 'read skew',
    plain: 'a transaction reads x before and y after another transaction changed both, and sees a state that never existed',
    symptom: 'a balance check across two accounts sees money vanish in the middle of a transfer',
    why: {
      occurs: "At READ COMMITTED each statement reads the latest committed data: T1's first read is from before T2, its second from after T2, so x + y is not the 30 of any committed state.",
      snapshot: "T1 reads one snapshot throughout (taken at its first statement), so it sees x and y as they were before T2: x + y = 30.",
    },
  },
  'G2-item': {
    name: 'write skew',
    plain: 'two transactions read the same rows, each updates a different one, and together they break a rule each one checked',
    symptom: 'two doctors both go off call, each having checked that the other was still on call',
    why: {
      occurs: "The two transactions wrote different rows, so no row lock made either wait, and snapshot isolation only refuses concurrent writes to the same row: both commit, each having read a row the other changed.",
      aborted: `Serializable snapshot isolation tracks what each transaction read: T1 read y which T2 wrote, and T2 read x which T1 wrote, a dangerous cycle. ${aborted40001}`,
    },
  },
  G2: {
    name: 'anti-dependency cycle (phantom)',
    plain: 'two transactions each check that no row matches a condition, then each inserts one that matches',
    symptom: 'two bookings of the same room for the same hour, each made after checking the room was free',
    why: {
      occurs: 'Each search found no row and each insert is a new row, so there is nothing to lock and no row written twice: below SERIALIZABLE, both commit.',
      aborted: `SERIALIZABLE records each search's predicate (SIRead locks) and sees that each insert would have changed the other's search. ${aborted40001}`,
    },
  },
};

/** The text of `racedemo show isolation`. */
export function isolationLessonText(): string {
  const indent = ' '.repeat(10);
  const lines = [
    'isolation — the anomalies a database transaction can let through, and what you would see',
    '',
    ...wrapWords("Two transactions run at once; an isolation level says which of these they may show. 'racedemo isolation --store postgres://…' runs each on your server at every level; --test NAME --level LEVEL traces one.", 78),
    '',
  ];
  for (const [anomaly, lesson] of Object.entries(lessons)) {
    const [first = '', ...rest] = wrapWords(`${lesson.name}: ${lesson.plain}.`, 78 - indent.length);
    lines.push(anomaly.padEnd(indent.length) + first, ...rest.map((line) => indent + line));
    lines.push(...wrapWords(`In an application: ${lesson.symptom}.`, 78 - indent.length).map((line) => indent + line));
  }
  lines.push('', ...wrapWords('PostgreSQL: READ COMMITTED lets P4, PMP, G-single, G2-item and G2 through; REPEATABLE READ (snapshot isolation) keeps out all but G2-item and G2; SERIALIZABLE keeps out all, by aborting one transaction (40001). READ UNCOMMITTED is READ COMMITTED in PostgreSQL.', 78));
  lines.push('', 'Try: racedemo isolation --store postgres://localhost/race --fixes');
  return lines.join('\n');
}
