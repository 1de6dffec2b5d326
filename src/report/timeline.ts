// Interleavings drawn as a timeline: one row per step, one column per worker,
// the write that overwrote another worker's update marked. Used by
// `explore` (witness schedules) and `run --trace` (a raced trial).
import { lostUpdateMarks, type Step } from '../worker/steps.js';
import type { TraceRecord } from '../run/runner.js';
import { grid } from './grid.js';
import { decodeToken, replayCommand } from './token.js';
import { fitColumns } from './fit.js';

/** Steps shown before the first overwriting write, and after it. */
const BEFORE = 12;
const AFTER = 3;

export function timeline(steps: ReadonlyArray<Step & { us?: number }>, workers: number, marks: ReadonlyMap<number, string> = new Map(), first = 0, width?: number): string {
  const timed = steps.some((step) => step.us !== undefined);
  const head = ['#', ...(timed ? ['µs'] : []), ...Array.from({ length: workers }, (_, index) => `worker ${index + 1}`)];
  const rowsWith = (gap: string): string[][] =>
    steps.map((step, offset) => {
      const index = first + offset;
      const cells = Array.from({ length: workers }, () => '');
      cells[step.worker - 1] = describeStep(step) + (marks.has(index) ? `${gap}${marks.get(index)}` : '');
      return [String(index + 1), ...(timed ? [String(step.us ?? '')] : []), ...cells];
    });
  // Too wide with each mark beside its step: the mark goes below it, in the same cell.
  const beside = rowsWith('  ');
  const rows = width !== undefined && fitColumns(head, beside, width) ? rowsWith('\n') : beside;
  return grid(head, head.map(() => 'left'), rows, width);
}

export function describeStep(step: Step): string {
  if (step.op === 'acquire') return `acquire ${step.lock ?? 'lock'}`;
  const where = step.index === undefined ? step.slot : `${step.slot}[${step.index}]`;
  const value = typeof step.value === 'string' ? JSON.stringify(step.value) : String(step.value);
  return step.op === 'read' ? `read ${where} → ${value}` : `write ${where} ← ${value}`;
}

/** The stretch of a raced trial around its first lost update, as text. */
export function renderTrace(trace: TraceRecord | null | undefined, workers: number, width?: number): string {
  if (trace === undefined) return '';
  if (trace === null) return 'trace: no trial raced, so there is no lost update to show\n';
  const marks = lostUpdateMarks(trace.steps);
  const firstLoss = Math.min(...marks.keys());
  const focus = Number.isFinite(firstLoss) ? firstLoss : 0;
  const from = Math.max(0, focus - BEFORE);
  const to = Math.min(trace.steps.length, focus + AFTER + 1);
  const shown = `steps ${from + 1}–${to} of ${trace.steps.length}`;
  const lines = [
    '',
    `trace of trial ${trace.trial}, the first that raced (${shown}):`,
    timeline(trace.steps.slice(from, to), workers, marks, from, width),
  ];
  if (!Number.isFinite(firstLoss)) lines.push('  (no single overwritten write found: the race shows in the final value only)');
  if (trace.token) lines.push(`replay this interleaving in the model, step by step: ${replayCommand(decodeToken(trace.token))}`);
  return `${lines.join('\n')}\n`;
}
