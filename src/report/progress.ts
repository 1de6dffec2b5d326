// A one-line progress display on stderr while trials run: trials done, races
// so far, time left. Drawn only on a terminal, at most ten times a second.
import { performance } from 'node:perf_hooks';
import type { TrialRecord } from '../runner.js';

const FRAME_MS = 100;

export class Progress {
  private races = 0;
  private lastDraw = 0;
  private started = performance.now();
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private label: string,
    private total: number,
  ) {}

  /** Starts counting a new run (the second half of --compare). */
  restart(label: string, total: number): void {
    this.label = label;
    this.total = total;
    this.races = 0;
    this.started = performance.now();
  }

  trial(record: TrialRecord): void {
    if (record.raced) this.races++;
    const now = performance.now();
    if (now - this.lastDraw < FRAME_MS && record.trial < this.total) return;
    this.lastDraw = now;
    const elapsed = now - this.started;
    const left = (elapsed / record.trial) * (this.total - record.trial);
    this.stream.write(
      `\r\x1b[K${this.label}: trial ${record.trial}/${this.total} · races ${this.races} · ${(left / 1000).toFixed(1)} s left`,
    );
    this.drawn = true;
  }

  /** Removes the line, so that the result starts on a clean terminal line. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
