// A one-line progress display on stderr while trials run: trials done, races
// so far, time left. Drawn only on a terminal, at most ten times a second.
// Time left comes from the pace of the recent trials (a moving window), not
// from the time since the start, which includes starting the workers: it
// shows once a few trials have run, in s, min or h as fits.
import { performance } from 'node:perf_hooks';
import type { TrialRecord } from '../run/runner.js';
import { plural } from './values.js';

const FRAME_MS = 100;
/** Trials before an estimate is shown. */
const SETTLING_TRIALS = 5;
/** The pace is measured over at most this many recent draws. */
const WINDOW = 20;

export class Progress {
  private races = 0;
  private lastDraw = -Infinity;
  private drawn = false;
  /** (trial, time) at recent draws, oldest first: the pace is taken across them. */
  private samples: Array<{ trial: number; at: number }> = [];

  constructor(
    private readonly stream: { write(text: string): unknown },
    private label: string,
    private total: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Starts counting a new run (the second half of --compare). */
  restart(label: string, total: number): void {
    this.label = label;
    this.total = total;
    this.races = 0;
    this.samples = [];
  }

  trial(record: TrialRecord): void {
    if (record.raced) this.races++;
    const now = this.now();
    if (now - this.lastDraw < FRAME_MS && record.trial < this.total) return;
    this.lastDraw = now;
    this.samples.push({ trial: record.trial, at: now });
    if (this.samples.length > WINDOW) this.samples.shift();
    this.stream.write(`\r\x1b[K${this.line(record.trial)}`);
    this.drawn = true;
  }

  /** The text of the line after `trial` trials. */
  private line(trial: number): string {
    const races = `${this.races} ${plural(this.races, 'race')}`;
    if (trial > this.total) return `${this.label}: trial ${trial} · ${races} · no race yet: going on within --budget`;
    return `${this.label}: trial ${trial}/${this.total} · ${races} · ${this.left(trial)}`;
  }

  private left(trial: number): string {
    const oldest = this.samples[0];
    const newest = this.samples.at(-1);
    if (trial < SETTLING_TRIALS || !oldest || !newest || newest.trial === oldest.trial) return 'estimating time left…';
    const msPerTrial = (newest.at - oldest.at) / (newest.trial - oldest.trial);
    return `${timeLeft(msPerTrial * (this.total - trial))} left`;
  }

  /** Removes the line, so that the result starts on a clean terminal line. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

/** `12 s`, `3 min 20 s`, `2 h 5 min`. */
export function timeLeft(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}
