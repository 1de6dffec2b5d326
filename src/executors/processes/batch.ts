// The processes executor's batches, seen from the parent: how many trials a batch
// may hold (the segment's ring), how big the next one should be, the watch for
// a batch that stopped making progress (and which workers it waits for), and
// the outcomes a finished batch left in the ring.
import { performance } from 'node:perf_hooks';
import type { WorkerReport } from '../../worker/runtime.js';
import type { Failure, TrialOutcome } from '../executor.js';
import { overlapped } from '../../worker/span.js';
import type { SharedFile } from '../../memory/shared-file.js';
import type { SegmentLayout } from './segment.js';

/** The ring's size: the most final images a batch keeps in the segment. */
const RING_BYTES = 256 * 1024;
/** The most trials in one batch; fewer when traced, since every step comes back in one message. */
const MAX_BATCH = 256;
const MAX_TRACED_BATCH = 16;
/** A batch aims at about this long: enough to spread its two messages thin, short enough for streamed output and progress. */
const BATCH_TARGET_MS = 100;

/** Trials one batch may hold: one when the parent resets and reads the memory around every trial. */
export function ringSlots(imageSize: number, batched: boolean): number {
  if (!batched) return 1;
  return Math.max(1, Math.min(MAX_BATCH, Math.floor(RING_BYTES / (8 + imageSize))));
}

/** The next batch's size: grown or shrunk towards BATCH_TARGET_MS, within the ring. */
export function nextBatchSize(size: number, elapsedMs: number, ringSlots: number, traced: boolean): number {
  const most = Math.min(ringSlots, traced ? MAX_TRACED_BATCH : MAX_BATCH);
  if (elapsedMs < BATCH_TARGET_MS / 2) return Math.min(most, size * 2);
  if (elapsedMs > BATCH_TARGET_MS * 2) return Math.max(1, Math.floor(size / 2));
  return size;
}

/** The workers whose body has not finished `trial` (the leader when all have and it has not closed the trial). */
function unfinished(segment: SharedFile, layout: SegmentLayout, workers: number, trial: number): number[] {
  const all = Array.from({ length: workers }, (_, index) => index + 1);
  const late = all.filter((worker) => segment.readInt32(layout.doneOffset + (worker - 1) * 4) < trial);
  return late.length > 0 ? late : [1];
}

/**
 * Calls `hung` when no trial of the batch has completed for --timeout: polled,
 * since the children send nothing between trials. Once the last trial has
 * completed, the batch only waits for the children's reports, which no timeout
 * limits. Returns the function that stops watching.
 */
export function watchProgress(
  segment: SharedFile,
  layout: SegmentLayout,
  batch: { first: number; count: number; workers: number; timeoutMs: number },
  hung: (failure: Failure, completed: number) => void,
): () => void {
  const { first, count, workers, timeoutMs } = batch;
  let completed = first - 1;
  let since = performance.now();
  const timer = setInterval(
    () => {
      const now = segment.readInt32(layout.completedOffset);
      if (now !== completed) {
        completed = now;
        since = performance.now();
        if (completed >= first + count - 1) clearInterval(timer);
      } else if (performance.now() - since >= timeoutMs) {
        hung({ state: 'hung', workers: unfinished(segment, layout, workers, completed + 1), afterMs: timeoutMs }, completed);
      }
    },
    Math.min(250, Math.max(5, timeoutMs / 8)),
  );
  return () => clearInterval(timer);
}

export interface FinishedBatch {
  first: number;
  count: number;
  /** Each child's reports, one per trial of the batch. */
  reports: WorkerReport[][];
  /** What cut the batch short, if anything. */
  failure?: Failure;
  /** With a failure: the last trial that counts (default: the segment's completed count). */
  lastCounted?: number;
}

/** The batch's outcomes: its completed trials from the ring, then the failure if any. */
export function collectBatch(segment: SharedFile, layout: SegmentLayout, trace: boolean, batch: FinishedBatch): TrialOutcome[] {
  const { first, count, reports, failure } = batch;
  const collected: TrialOutcome[] = [];
  const completed = batch.lastCounted ?? segment.readInt32(layout.completedOffset);
  for (let trial = first; trial <= completed; trial++) {
    const entry = segment.read(layout.ringEntryOffset(trial, first), Buffer.alloc(layout.ringEntrySize));
    const image = new Uint8Array(entry.subarray(8, 8 + layout.imageSize));
    const ofTrial = reports.flatMap((each) => each[trial - first] ?? []);
    const steps = trace ? ofTrial.flatMap((report) => (report.state === 'done' ? (report.steps ?? []) : [])) : undefined;
    const spans = ofTrial.flatMap((report) => (report.state === 'done' && report.span ? [report.span] : []));
    collected.push({ state: 'completed', image, ms: entry.readDoubleLE(0), overlapped: overlapped(spans), ...(steps ? { steps } : {}) });
  }
  if (failure) collected.push(failure);
  else if (completed < first + count - 1) collected.push({ state: 'crashed', worker: 1, message: `the batch ended after trial ${completed}` });
  return collected;
}
