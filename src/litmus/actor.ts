// One litmus actor, run on its own worker thread: round after round, meet the
// other actors at a barrier, run this actor's accesses over every instance,
// meet again, then histogram and reset this actor's share of the instances.
// Used as a raw worker's entry (actor-thread.ts) and as a piscina task (the
// default export), so the bench can compare the two.
import { compileActor, compileCollector, layoutOf, progressStride } from './codegen.js';
import { findTest, type Access } from './tests.js';

/** Slots of the control array every actor and the parent share. */
export const Control = { count: 0, generation: 1, go: 2, stop: 3, roundsLeft: 4, started: 5, length: 6 } as const;

export interface ActorData {
  test: string;
  access: Access;
  actor: number;
  instances: number;
  memStride: number;
  memory: SharedArrayBuffer;
  registers: SharedArrayBuffer;
  /** This actor's own histogram: Float64 counts by outcome code. */
  histogram: SharedArrayBuffer;
  control: SharedArrayBuffer;
  /** Each actor's progress through the round, one cache line apart (see codegen.ts pacing). */
  progress: SharedArrayBuffer;
  /** Whether actors pace each other within a round (the bench turns it off to compare). */
  paced: boolean;
}

/** Spins before sleeping: a partner on the other core arrives within microseconds. */
const spins = 4000;

/**
 * A reusable barrier for `parties` threads. The last to arrive runs `decide`
 * (with the others still held) and releases them by bumping the generation.
 */
function barrier(control: Int32Array, parties: number, decide?: () => void): void {
  const generation = Atomics.load(control, Control.generation);
  if (Atomics.add(control, Control.count, 1) === parties - 1) {
    Atomics.store(control, Control.count, 0);
    decide?.();
    Atomics.add(control, Control.generation, 1);
    Atomics.notify(control, Control.generation);
    return;
  }
  for (let spin = 0; Atomics.load(control, Control.generation) === generation; spin++) {
    if (spin > spins) Atomics.wait(control, Control.generation, generation);
  }
}

/** Spins a starting actor waits for the others (about the latency of a futex wake-up, not a time slice). */
const startSpins = 20_000;

/**
 * A spin-only start line after the barrier: an actor woken from Atomics.wait
 * starts tens of microseconds after the one that woke it, thousands of
 * instances behind. Waiting here until every actor has crossed (or a bounded
 * spin ran out: a partner was descheduled) lets them start the round together.
 */
function startLine(control: Int32Array, parties: number, round: number): void {
  Atomics.add(control, Control.started, 1);
  for (let spin = 0; Atomics.load(control, Control.started) < parties * round && spin < startSpins; spin++);
}

/** Runs rounds until the parent's round budget is spent or it asks to stop. */
export function runActor(data: ActorData): void {
  const test = findTest(data.test);
  if (!test) throw new Error(`unknown litmus test ${data.test}`);
  const layout = layoutOf(test, data.memStride);
  const actor = compileActor(test, data.actor, data.access, layout, data.paced);
  const progress = new Int32Array(data.progress);
  const collect = compileCollector(test, layout, data.access);
  const memory = new Int32Array(data.memory);
  const registers = new Int32Array(data.registers);
  const histogram = new Float64Array(data.histogram);
  const control = new Int32Array(data.control);
  const parties = test.actors.length;
  const share = Math.ceil(data.instances / parties);
  const from = Math.min(data.instances, share * data.actor);
  const to = Math.min(data.instances, from + share);
  let round = 1;
  // The first round always runs: a --time shorter than the threads' start-up still gives a result.
  const decide = (): void => {
    const go = (round === 1 || Atomics.load(control, Control.stop) === 0) && Atomics.load(control, Control.roundsLeft) > 0;
    if (go) Atomics.sub(control, Control.roundsLeft, 1);
    Atomics.store(control, Control.go, go ? 1 : 0);
  };
  for (; ; round++) {
    barrier(control, parties, decide);
    if (Atomics.load(control, Control.go) === 0) return;
    startLine(control, parties, round);
    actor(memory, registers, data.instances, progress);
    barrier(control, parties);
    Atomics.store(progress, data.actor * progressStride, 0);
    collect(memory, registers, histogram, from, to);
  }
}

/** The piscina task handler. */
export default function task(data: ActorData): void {
  runActor(data);
}
