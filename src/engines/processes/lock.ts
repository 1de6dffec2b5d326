// Lamport's bakery lock over the segment, using nothing but positional reads
// and writes: no compare-and-swap exists across processes without a native
// addon, and the bakery algorithm needs none (it is correct even when a read
// overlapping a write returns garbage). Each pwrite on a shared file takes the
// inode lock in the kernel, a full barrier, which the algorithm's
// write-then-read ordering relies on. When a holder dies, the parent learns of
// it from the OS and clears its ticket (engine.ts), so the lock never stays taken.
import type { SegmentLayout, SharedSegment } from './segment.js';
import { waitUntil } from './wait.js';

export class BakeryLock {
  private readonly state: Buffer;
  private ticket = 0;

  constructor(
    private readonly segment: SharedSegment,
    private readonly layout: SegmentLayout,
    /** 0-based. */
    private readonly me: number,
    /** Which of the scenario's locks this is. */
    private readonly lock: number,
  ) {
    // choosing[] and ticket[] are adjacent: one read fetches both.
    this.state = Buffer.alloc(layout.workers * 8);
  }

  async acquire(): Promise<void> {
    const { segment, layout, me } = this;
    const choosing = layout.choosingOffset(this.lock) + me * 4;
    segment.writeInt32(choosing, 1);
    this.readState();
    let highest = 0;
    for (let j = 0; j < layout.workers; j++) highest = Math.max(highest, this.ticketOf(j));
    this.ticket = highest + 1;
    segment.writeInt32(layout.ticketOffset(this.lock) + me * 4, this.ticket);
    segment.writeInt32(choosing, 0);
    await waitUntil(() => this.myTurn());
  }

  async release(): Promise<void> {
    this.segment.writeInt32(this.layout.ticketOffset(this.lock) + this.me * 4, 0);
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
    this.segment.read(this.layout.choosingOffset(this.lock), this.state);
  }

  private ticketOf(worker: number): number {
    return this.state.readInt32LE((this.layout.workers + worker) * 4);
  }
}

/** Frees a dead worker's place in every bakery (run by the parent). */
export function clearBakeryEntries(segment: SharedSegment, layout: SegmentLayout, worker: number): void {
  for (let lock = 0; lock < layout.locks; lock++) {
    segment.writeInt32(layout.ticketOffset(lock) + worker * 4, 0);
    segment.writeInt32(layout.choosingOffset(lock) + worker * 4, 0);
  }
}
