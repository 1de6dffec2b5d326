// The explorer's scheduler: it lets exactly one worker body move at a time.
// A body parks at each switch point (a shared access, a lock acquire); the
// scheduler waits until every body has parked or finished, asks the chooser
// which runnable worker moves next, and resumes that one. It also tells when
// the execution cannot go on: a body threw, every parked body waits on a
// held lock (deadlock), or a body waits on something it cannot see (stuck).
import { lockFrom } from '../worker/lock.js';
import type { Lock } from '../scenario/api.js';
import type { Step } from '../worker/steps.js';
import { withTimeout } from '../executors/timeout.js';

/** Picks the worker that moves next from those that can (worker numbers, ascending). */
export type Chooser = (runnable: number[]) => number;

/** How an execution ends before every body has finished. */
export type Interrupted =
  | { state: 'deadlocked'; steps: Step[]; waiting: number[] }
  | { state: 'threw'; steps: Step[]; worker: number; message: string }
  | { state: 'stuck'; steps: Step[]; workers: number[] };

/**
 * How long a body may wait on something outside the scheduler (a real timer,
 * a promise of its own) before it counts as never settling: the explorer
 * cannot switch away from such a wait, nor see its end coming.
 */
export const SETTLE_LIMIT_MS = 5000;

interface Parked {
  /** The lock index it waits to acquire, or undefined at a memory access. */
  acquiring: number | undefined;
  resume: () => void;
}

/** A macrotask away: every body resumed or woken has run on to its next park (or its end) by then. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class Scheduler {
  /** Every access and acquire, in the order they happened. */
  readonly steps: Step[] = [];
  private readonly parked = new Map<number, Parked>();
  /** Lock index → the worker holding it. */
  private readonly holders = new Map<number, number>();
  /** Workers whose body has returned or thrown. */
  private readonly finished = new Set<number>();
  private failure: { worker: number; message: string } | undefined;
  /** Called when a body parks or finishes: the scheduler may be waiting for either. */
  private changed = (): void => {};

  /** `lockNames[0]` is the scenario's one lock; the others its named locks (see lockNamesOf). */
  constructor(private readonly workers: number, private readonly lockNames: string[]) {}

  /** Stops a worker at a switch point until it is chosen; at an acquire, it is chosen only once the lock is free. */
  park(worker: number, acquiring?: number): Promise<void> {
    return new Promise((resume) => {
      this.parked.set(worker, { acquiring, resume });
      this.changed();
    });
  }

  /** A worker's lock number `lock`: its acquire is a switch point, and the lock is held until release. */
  lock(worker: number, lock: number): Lock {
    const acquire = async (): Promise<void> => {
      await this.park(worker, lock);
      this.holders.set(lock, worker);
      this.steps.push({ worker, op: 'acquire', ...(lock > 0 ? { lock: this.lockNames[lock] } : {}) });
    };
    const release = async (): Promise<void> => {
      if (this.holders.get(lock) === worker) this.holders.delete(lock);
    };
    return lockFrom(acquire, release);
  }

  /** A body threw: the first failure ends the execution. */
  fail(worker: number, message: string): void {
    this.failure ??= { worker, message };
  }

  finish(worker: number): void {
    this.finished.add(worker);
    this.changed();
  }

  /**
   * Moves the chosen worker, one switch point at a time, until every body has
   * finished (undefined) or the execution cannot go on.
   */
  async run(choose: Chooser): Promise<Interrupted | undefined> {
    for (;;) {
      await settle();
      if (this.failure) return { state: 'threw', steps: this.steps, ...this.failure };
      const runnable = this.runnable();
      if (runnable.length > 0) {
        this.resume(choose(runnable));
        continue;
      }
      if (this.parked.size > 0) return { state: 'deadlocked', steps: this.steps, waiting: [...this.parked.keys()] };
      if (this.finished.size === this.workers) return undefined;
      // Some body waits on something outside the scheduler: give it time to park again or finish.
      if ((await withTimeout(this.nextChange(), SETTLE_LIMIT_MS)) === 'timeout') {
        return { state: 'stuck', steps: this.steps, workers: this.unfinished() };
      }
    }
  }

  /** Parked workers that can move: at an access, or at an acquire of a free lock (ascending). */
  private runnable(): number[] {
    return [...this.parked.entries()]
      .filter(([, waiting]) => waiting.acquiring === undefined || !this.holders.has(waiting.acquiring))
      .map(([worker]) => worker)
      .sort((a, b) => a - b);
  }

  private resume(worker: number): void {
    const chosen = this.parked.get(worker);
    if (!chosen) throw new Error(`the scheduler chose worker ${worker}, which cannot move`);
    this.parked.delete(worker);
    chosen.resume();
  }

  /** Resolves when a body next parks or finishes. */
  private nextChange(): Promise<void> {
    return new Promise<void>((resolve) => (this.changed = resolve));
  }

  private unfinished(): number[] {
    return Array.from({ length: this.workers }, (_, index) => index + 1).filter((worker) => !this.finished.has(worker));
  }
}
