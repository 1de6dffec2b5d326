// The litmus tests as data: each actor's accesses, and every outcome the
// ECMAScript memory model allows for plain (Unordered) accesses, with a grade
// and a one-line description. This table is the only source the harness builds
// actor code from (see codegen.ts); nothing from outside reaches it.
//
// Grading, decided from ECMA-262 §29 (the memory model):
// - acceptable: some sequentially consistent interleaving produces it.
// - interesting: no interleaving produces it, but it is a valid execution for
//   Unordered (plain typed-array) accesses. Unordered reads need only read a
//   write that does not happen after them and is not overwritten by one that
//   happens before them ("coherent reads" is about happens-before, which for
//   plain accesses is just each thread's own order). There is no coherence
//   order for Unordered accesses (unlike C++ relaxed atomics), so even CoRR's
//   (1, 0) is allowed: a compiler may reorder or split plain reads. So with plain accesses every combination of written values is
//   allowed here, and only a value no write stores is forbidden.
// - forbidden: not a valid execution. With Atomics (SeqCst) and no data race,
//   executions are sequentially consistent: every non-SC outcome is forbidden.

export type Location = 'x' | 'y';
export type Operation = { op: 'store'; loc: Location; value: number } | { op: 'load'; loc: Location; reg: string };
export type Grade = 'acceptable' | 'interesting' | 'forbidden';
export type Access = 'plain' | 'atomics';
export const accesses: readonly Access[] = ['plain', 'atomics'];

/** An outcome: register values, and for tests that observe it the final memory. */
export type OutcomeValues = Record<string, number>;

export interface GradedOutcome {
  values: OutcomeValues;
  /** The grade with plain accesses; with Atomics a non-acceptable outcome is forbidden. */
  plain: Exclude<Grade, 'forbidden'>;
  description: string;
}

export interface LitmusTest {
  name: string;
  title: string;
  actors: Operation[][];
  /** Locations whose final value (after every actor finished) is part of the outcome. */
  finals: Location[];
  /** Every allowed outcome for plain accesses; anything else is forbidden. */
  outcomes: GradedOutcome[];
}

const store = (loc: Location, value: number): Operation => ({ op: 'store', loc, value });
const load = (reg: string, loc: Location): Operation => ({ op: 'load', loc, reg });
const ok = (values: OutcomeValues, description: string): GradedOutcome => ({ values, plain: 'acceptable', description });
const relaxed = (values: OutcomeValues, description: string): GradedOutcome => ({ values, plain: 'interesting', description });

export const litmusTests: readonly LitmusTest[] = [
  {
    name: 'SB',
    title: 'store buffering: each thread writes its flag, then reads the other one',
    actors: [[store('x', 1), load('r0', 'y')], [store('y', 1), load('r1', 'x')]],
    finals: [],
    outcomes: [
      ok({ r0: 0, r1: 1 }, 'thread 0 ran first: it read y before thread 1 wrote it'),
      ok({ r0: 1, r1: 0 }, 'thread 1 ran first: it read x before thread 0 wrote it'),
      ok({ r0: 1, r1: 1 }, 'the two stores came before both reads'),
      relaxed({ r0: 0, r1: 0 }, "both threads read the other's flag before seeing its store: the store buffer"),
    ],
  },
  {
    name: 'MP',
    title: 'message passing: write the data, then the flag; read the flag, then the data',
    actors: [[store('x', 1), store('y', 1)], [load('r0', 'y'), load('r1', 'x')]],
    finals: [],
    outcomes: [
      ok({ r0: 0, r1: 0 }, 'the reader came before both writes'),
      ok({ r0: 0, r1: 1 }, 'the reader saw the data but not yet the flag'),
      ok({ r0: 1, r1: 1 }, 'the reader saw the flag, then the data: the message arrived'),
      relaxed({ r0: 1, r1: 0 }, 'the flag arrived but the data did not: stores or loads reordered'),
    ],
  },
  {
    name: 'LB',
    title: 'load buffering: each thread reads one location, then writes the other',
    actors: [[load('r0', 'x'), store('y', 1)], [load('r1', 'y'), store('x', 1)]],
    finals: [],
    outcomes: [
      ok({ r0: 0, r1: 0 }, 'both reads came before both writes'),
      ok({ r0: 0, r1: 1 }, 'thread 0 ran first'),
      ok({ r0: 1, r1: 0 }, 'thread 1 ran first'),
      relaxed({ r0: 1, r1: 1 }, "each read saw a store that comes after the other thread's read: loads delayed past stores"),
    ],
  },
  {
    name: 'CoRR',
    title: 'coherence of read-read: one thread writes x, the other reads x twice',
    actors: [[store('x', 1)], [load('r0', 'x'), load('r1', 'x')]],
    finals: [],
    outcomes: [
      ok({ r0: 0, r1: 0 }, 'both reads came before the write'),
      ok({ r0: 0, r1: 1 }, 'the write landed between the two reads'),
      ok({ r0: 1, r1: 1 }, 'both reads came after the write'),
      relaxed({ r0: 1, r1: 0 }, 'the second read saw an older value than the first: plain reads are not coherent in JavaScript'),
    ],
  },
  {
    name: 'IRIW',
    title: 'independent reads of independent writes: do two readers agree on the order of two writes?',
    actors: [[store('x', 1)], [store('y', 1)], [load('r0', 'x'), load('r1', 'y')], [load('r2', 'y'), load('r3', 'x')]],
    finals: [],
    outcomes: [
      ...iriwAcceptable(),
      relaxed({ r0: 1, r1: 0, r2: 1, r3: 0 }, 'one reader saw x before y, the other y before x: the readers disagree on the order'),
    ],
  },
  {
    name: '2+2W',
    title: 'two threads write x and y in opposite orders; which writes last?',
    actors: [[store('x', 1), store('y', 2)], [store('y', 1), store('x', 2)]],
    finals: ['x', 'y'],
    outcomes: [
      ok({ x: 2, y: 2 }, "each thread's second write came last"),
      ok({ x: 1, y: 2 }, 'thread 1 ran first, then thread 0'),
      ok({ x: 2, y: 1 }, 'thread 0 ran first, then thread 1'),
      relaxed({ x: 1, y: 1 }, "both first writes came last: each thread's writes were reordered"),
    ],
  },
];

/** IRIW's fifteen interleaving outcomes, each described by what the two readers saw. */
function iriwAcceptable(): GradedOutcome[] {
  const outcomes: GradedOutcome[] = [];
  for (let code = 0; code < 16; code++) {
    const [r0, r1, r2, r3] = [code & 1, (code >> 1) & 1, (code >> 2) & 1, (code >> 3) & 1] as [number, number, number, number];
    if (r0 === 1 && r1 === 0 && r2 === 1 && r3 === 0) continue;
    const seen = (first: number, second: number, a: string, b: string): string =>
      first && second ? 'both' : first ? `${a} only` : second ? `${b} only` : 'neither';
    outcomes.push(ok({ r0, r1, r2, r3 }, `reader 2 saw ${seen(r0, r1, 'x', 'y')}, reader 3 saw ${seen(r2, r3, 'y', 'x')}: consistent with one order`));
  }
  return outcomes;
}

export function findTest(name: string): LitmusTest | undefined {
  return litmusTests.find((test) => test.name.toLowerCase() === name.toLowerCase());
}

/** The names of an outcome's components, in order: registers by actor, then final locations. */
export function outcomeNames(test: LitmusTest): string[] {
  const registers = test.actors.flatMap((actor) => actor.flatMap((operation) => (operation.op === 'load' ? [operation.reg] : [])));
  return [...registers, ...test.finals];
}

/** Largest value any store writes: outcome components range over 0..max. */
export function maxValue(test: LitmusTest): number {
  return Math.max(...test.actors.flat().map((operation) => (operation.op === 'store' ? operation.value : 0)));
}
