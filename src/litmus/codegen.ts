// Builds each actor's hot loop, and the collector that histograms a round, as
// JavaScript source from the static test table (tests.ts) and compiles it with
// `new Function`. One function per test, actor and access mode keeps every
// access site monomorphic: V8 sees a plain Int32Array loop with constant
// offsets, which it compiles to a few machine instructions per instance.
// Only the table's own names and numbers ever reach the source text.
import { maxValue, outcomeNames, type Access, type LitmusTest, type Location, type Operation } from './tests.js';

/** Where an instance's locations and registers live in the shared arrays. */
export interface Layout {
  /** Int32 slots per instance in the memory array (x, y, then padding). */
  memStride: number;
  /** Int32 slots per instance in the register array. */
  regStride: number;
  /** Outcome components (registers, then finals), in histogram-code order. */
  names: string[];
  /** Components range over 0..base-1. */
  base: number;
  /** Histogram buckets: base^components, plus one for anything out of range. */
  buckets: number;
}

const offset: Record<Location, number> = { x: 0, y: 1 };

export function layoutOf(test: LitmusTest, memStride = 2): Layout {
  const names = outcomeNames(test);
  const base = maxValue(test) + 1;
  const registers = names.length - test.finals.length;
  return { memStride, regStride: registers, names, base, buckets: base ** names.length + 1 };
}

/** The registers in the order of the register array. */
function registerIndex(test: LitmusTest): Map<string, number> {
  const names = outcomeNames(test);
  return new Map(names.slice(0, names.length - test.finals.length).map((name, index) => [name, index]));
}

function statement(operation: Operation, access: Access, registers: Map<string, number>): string {
  const at = `b + ${offset[operation.loc]}`;
  if (operation.op === 'store') {
    return access === 'atomics' ? `Atomics.store(m, ${at}, ${operation.value});` : `m[${at}] = ${operation.value};`;
  }
  const read = access === 'atomics' ? `Atomics.load(m, ${at})` : `m[${at}]`;
  return `r[o + ${registers.get(operation.reg)}] = ${read};`;
}

/** Instances between two progress checks; an actor this far ahead of another waits for it. */
export const syncEvery = 64;
/** Int32 slots between two actors' progress counters: one cache line each. */
export const progressStride = 16;

/**
 * The pacing check: every `syncEvery` instances an actor publishes how far it
 * got and, if it is more than that ahead of another actor, spins until the
 * other catches up. A partner that does not catch up within a short spin was
 * probably descheduled (the machine is shared): then the actor stops pacing
 * for the rest of the round rather than burn its time slice waiting.
 * Actors that run side by side are what makes relaxed outcomes visible.
 */
function pacing(actor: number, actors: number): string {
  const others = Array.from({ length: actors }, (_, k) => k).filter((k) => k !== actor);
  const waits = others.map((k) => `for (let s = 0; i - Atomics.load(p, ${k * progressStride}) > ${syncEvery}; s++) if (s > ${spinLimit}) { pace = false; break; }`);
  return `if (pace && (i & ${syncEvery - 1}) === 0) { Atomics.store(p, ${actor * progressStride}, i); ${waits.join(' ')} }`;
}

/** Spins an actor waits for a lagging partner before it stops pacing for the round. */
export const spinLimit = 2000;

/**
 * Source of `actor(m, r, n, p)`: run this actor's accesses on instances
 * 0..n-1, in order, paced against the other actors through p when `paced`.
 */
export function actorSource(test: LitmusTest, actor: number, access: Access, layout: Layout, paced = true): string {
  const registers = registerIndex(test);
  const body = (test.actors[actor] ?? []).map((operation) => statement(operation, access, registers)).join('\n      ');
  return `'use strict';
  return function actor_${actor}(m, r, n, p) {
    let pace = ${paced};
    for (let i = 0; i < n; i++) {
      ${pacing(actor, test.actors.length)}
      const b = i * ${layout.memStride}, o = i * ${layout.regStride};
      ${body}
    }
  };`;
}

/**
 * Source of `collect(m, r, h, from, to)`: add instances from..to-1 to the
 * histogram h (by outcome code) and reset their memory to 0 for the next round.
 * Each component is read once. Final values are read after the round's
 * barrier; with Atomics they are read with Atomics.load, so that the last
 * write in the total order of SeqCst events is the one seen.
 */
export function collectorSource(test: LitmusTest, layout: Layout, access: Access = 'plain'): string {
  const registers = layout.regStride;
  const final = (loc: Location): string => (access === 'atomics' ? `Atomics.load(m, b + ${offset[loc]})` : `m[b + ${offset[loc]}]`);
  const reads = layout.names.map((_, k) => `v${k} = ${k < registers ? `r[o + ${k}]` : final(test.finals[k - registers] ?? 'x')}`);
  const inRange = layout.names.map((_, k) => `(v${k} >>> 0) < ${layout.base}`).join(' && ');
  const code = layout.names.map((_, k) => `v${k} * ${layout.base ** k}`).join(' + ');
  const resets = Object.values(offset).map((k) => `m[b + ${k}] = 0;`).join(' ');
  return `'use strict';
  return function collect(m, r, h, from, to) {
    for (let i = from; i < to; i++) {
      const b = i * ${layout.memStride}, o = i * ${layout.regStride};
      const ${reads.join(', ')};
      if (${inRange}) h[${code}]++; else h[${layout.buckets - 1}]++;
      ${resets}
    }
  };`;
}

export type ActorFunction = (m: Int32Array, r: Int32Array, n: number, p: Int32Array) => void;
export type CollectFunction = (m: Int32Array, r: Int32Array, h: Float64Array, from: number, to: number) => void;

export function compileActor(test: LitmusTest, actor: number, access: Access, layout: Layout, paced = true): ActorFunction {
  return new Function(actorSource(test, actor, access, layout, paced))() as ActorFunction;
}

export function compileCollector(test: LitmusTest, layout: Layout, access: Access = 'plain'): CollectFunction {
  return new Function(collectorSource(test, layout, access))() as CollectFunction;
}

/** The outcome a histogram code stands for, or undefined for the out-of-range bucket. */
export function decode(code: number, layout: Layout): Record<string, number> | undefined {
  if (code >= layout.buckets - 1) return undefined;
  const values: Record<string, number> = {};
  layout.names.forEach((name, k) => (values[name] = Math.floor(code / layout.base ** k) % layout.base));
  return values;
}
