// racedemo's processes lock until the pipe token (src/executors/processes/lock.ts)
// replaced it, kept here as a design the lock benchmark compares.
//
// Lamport's bakery lock over the segment, using nothing but positional reads
// and writes: no compare-and-swap exists across processes without a native
// addon, and the bakery algorithm needs none (it is correct even when a read
// overlapping a write returns garbage). Each pwrite on a shared file takes the
// inode lock in the kernel, a full barrier, which the algorithm's
// write-then-read ordering relies on. When a holder dies, the parent learns of
// it from the OS and clears its ticket (lock-recovery.ts), so the lock never stays taken.
//
// A strictly fair lock hands over to the other process at every release, and
// each hand-over costs a wake-up. So a waiter whose turn does not come within
// a few polls steps out of the queue (ticket 0: "not interested", which the
// algorithm allows at any time outside the critical section), sleeps briefly
// and queues again; the holder meanwhile runs several sections in a row.
// After a few step-outs it waits its turn for good: nobody starves.
import type { SharedFile as SharedSegment } from '../src/memory/shared-file.js';
import { waitUntil } from '../src/executors/processes/wait.js';

const POLLS_BEFORE_STEPPING_OUT = 4;
const MAX_STEP_OUTS = 8;
const STEP_OUT_MS = 0.03;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

export class BakeryLock {
  private readonly state: Buffer;
  private ticket = 0;

  constructor(
    private readonly segment: SharedSegment,
    private readonly layout: BakeryLayout,
    /** 0-based. */
    private readonly me: number,
  ) {
    // choosing[] and ticket[] are adjacent: one read fetches both.
    this.state = Buffer.alloc(layout.workers * 8);
  }

  async acquire(): Promise<void> {
    for (let stepOuts = 0; stepOuts < MAX_STEP_OUTS; stepOuts++) {
      this.takeTicket();
      for (let poll = 0; poll < POLLS_BEFORE_STEPPING_OUT; poll++) if (this.myTurn()) return;
      this.writeTicket(0);
      Atomics.wait(sleeper, 0, 0, STEP_OUT_MS);
    }
    this.takeTicket();
    await waitUntil(() => this.myTurn());
  }

  async release(): Promise<void> {
    this.writeTicket(0);
  }

  /** The bakery's doorway: a ticket one higher than any other. */
  private takeTicket(): void {
    const { segment, layout, me } = this;
    const choosing = layout.choosingOffset + me * 4;
    segment.writeInt32(choosing, 1);
    this.readState();
    let highest = 0;
    for (let j = 0; j < layout.workers; j++) highest = Math.max(highest, this.ticketOf(j));
    this.ticket = highest + 1;
    this.writeTicket(this.ticket);
    segment.writeInt32(choosing, 0);
  }

  private writeTicket(ticket: number): void {
    this.segment.writeInt32(this.layout.ticketOffset + this.me * 4, ticket);
  }

  private myTurn(): boolean {
    this.readState();
    for (let j = 0; j < this.layout.workers; j++) {
      if (j === this.me) continue;
      if (this.state.readInt32LE(j * 4) !== 0) return false;
      const theirs = this.ticketOf(j);
      if (theirs !== 0 && (theirs < this.ticket || (theirs === this.ticket && j < this.me))) return false;
    }
    return true;
  }

  private readState(): void {
    this.segment.read(this.layout.choosingOffset, this.state);
  }

  private ticketOf(worker: number): number {
    return this.state.readInt32LE((this.layout.workers + worker) * 4);
  }
}

/** Where a bakery lives in a segment: choosing[workers], then ticket[workers], from `choosingOffset` on. */
export class BakeryLayout {
  readonly ticketOffset: number;
  readonly size: number;

  constructor(
    readonly workers: number,
    readonly choosingOffset: number,
  ) {
    this.ticketOffset = choosingOffset + workers * 4;
    this.size = workers * 8;
  }
}

/** Frees a dead worker's place in the bakery (run by the parent). */
export function clearBakeryEntries(segment: SharedSegment, layout: BakeryLayout, worker: number): void {
  segment.writeInt32(layout.ticketOffset + worker * 4, 0);
  segment.writeInt32(layout.choosingOffset + worker * 4, 0);
}
