// The default, human format: a header naming what ran, the outcome histogram,
// one summary line; with --compare, both runs side by side and the lock's cost.
import type { RunResult } from '../run/runner.js';
import { canonicalKey } from '../run/judge.js';
import type { Json } from '../scenario/api.js';
import type { Outcome } from '../run/statistics.js';
import type { Palette } from './colour.js';
import { lockCost, lockCostOf } from './documents.js';
import { renderTrace } from './timeline.js';
import { needsOverlapHint, overlapHint } from '../run/overlap.js';
import { grid } from './grid.js';
import { trialsToSee } from '../run/uncertainty.js';
import { duration, formatFinal, milliseconds, percent, percentRange, plural, storeLabel, workloadSize } from './values.js';

/** Beyond this many outcomes the rest are summed up in one line. */
const MAX_ROWS = 12;

export function renderTable(result: RunResult, colour: Palette, width?: number): string {
  const rows = limitRows(result.outcomes).map((outcome) => [
    formatFinal(outcome.final),
    String(outcome.trials),
    percent(outcome.share),
    verdict(outcome, colour),
  ]);
  const lines = [
    colour.bold(header(result)),
    grid(['final value', 'trials', 'share', 'verdict'], ['left', 'right', 'right', 'left'], rows, width),
    ...restLine(result.outcomes),
    summary(result),
    ...evidenceLines(result),
    ...hintLines(result, colour),
  ];
  return `${lines.join('\n')}\n${renderTrace(result.trace, result.options.workers, width)}`;
}

export function renderComparisonTable(unlocked: RunResult, locked: RunResult, colour: Palette, width?: number): string {
  const finals = new Map<string, { final: Json; without?: Outcome; with?: Outcome }>();
  for (const [side, result] of [['without', unlocked], ['with', locked]] as const) {
    for (const outcome of result.outcomes) {
      const key = canonicalKey(outcome.final);
      const entry = finals.get(key) ?? { final: outcome.final };
      entry[side] = outcome;
      finals.set(key, entry);
    }
  }
  const cell = (outcome: Outcome | undefined): string => (outcome ? `${outcome.trials} (${percent(outcome.share)})` : '·');
  // The expected value first: with many raced outcomes, the locked run's row must not fall past MAX_ROWS.
  const raced = (entry: { without?: Outcome; with?: Outcome }): number => Number((entry.without ?? entry.with)?.raced ?? true);
  const ordered = [...finals.values()].sort((a, b) => raced(a) - raced(b));
  const rows = ordered.slice(0, MAX_ROWS).map((entry) => {
    const outcome = entry.without ?? entry.with;
    return [formatFinal(entry.final), cell(entry.without), cell(entry.with), outcome ? verdict(outcome, colour) : ''];
  });
  const cost = lockCost(unlocked, locked);
  const interval = lockCostOf(unlocked, locked);
  const noise = interval.withinNoise ? ': within noise' : '';
  const lines = [
    colour.bold(header({ ...unlocked, lock: undefined })),
    grid(['final value', 'no lock', 'lock', 'verdict'], ['left', 'right', 'right', 'left'], rows, width),
    ...(finals.size > MAX_ROWS ? [colour.dim(`  … and ${finals.size - MAX_ROWS} more ${plural(finals.size - MAX_ROWS, 'outcome')}`)] : []),
    `no lock: ${summary(unlocked)}`,
    `lock:    ${summary(locked)}`,
    ...evidenceLines(unlocked),
    ...hintLines(unlocked, colour),
    `lock cost: ×${interval.medianRatio} median time per trial, 95% interval ×${interval.ci95[0]}–×${interval.ci95[1]}${noise}`,
    `  (means: ${milliseconds(locked.timing.perTrialMs.mean)} ms with the lock, ${milliseconds(unlocked.timing.perTrialMs.mean)} ms without, ×${cost})`,
  ];
  return `${lines.join('\n')}\n`;
}

function header(result: Omit<RunResult, 'lock'> & { lock: boolean | undefined }): string {
  const { options } = result;
  const parts = [
    result.scenario,
    result.engine,
    ...(result.store ? [storeLabel(result.store)] : []),
    ...(result.store?.remoteWorkers ? [`${result.store.remoteWorkers} remote`] : []),
    ...(result.lock === undefined ? [] : [result.lock ? 'lock' : 'no lock']),
    `${options.trials} ${plural(options.trials, 'trial')}`,
    workloadSize(options),
    ...(options.window ? [`window ${options.window} ms`] : []),
    ...(options.pause ? [`pause ${options.pause} ms`] : []),
  ];
  return parts.join(' · ');
}

function summary(result: RunResult): string {
  const { races, lostUpdates, timing, options } = result;
  return [
    `races in ${races.count}/${options.trials} ${plural(options.trials, 'trial')} (${percent(races.rate)}, 95% CI ${percentRange(races.ci95)})`,
    // A negative mean: the runs did more than expected (an initialisation run twice), not less.
    lostUpdates.mean < 0 ? `extra updates mean ${-lostUpdates.mean}` : `lost updates mean ${lostUpdates.mean}, max ${lostUpdates.max}`,
    `${duration(timing.totalMs)} (${milliseconds(timing.perTrialMs.mean)} ms/trial)`,
  ].join(' · ');
}

/** `expected` in green, or `race · lost 20` (the scenario's own words) in red. */
export function verdict(outcome: Pick<Outcome, 'raced' | 'verdict'>, colour: Palette): string {
  if (!outcome.raced) return colour.expected('expected');
  return colour.race(outcome.verdict && outcome.verdict !== 'race' ? `race · ${outcome.verdict}` : 'race');
}

/** What the race rate says about the next run, for a run without the lock. */
function evidenceLines({ lock, races, options }: RunResult): string[] {
  if (lock) return [];
  if (races.count === 0) return [`no race in ${options.trials} ${plural(options.trials, 'trial')}: at most ${percent(races.ci95[1])} of trials race here (95%)`];
  const needed = trialsToSee(races.rate);
  return [`to see a race with 99% probability at this rate, run about ${needed} ${plural(needed, 'trial')}`];
}

/** Why a run seldom raced, when the workers seldom ran together. */
function hintLines(result: RunResult, colour: Palette): string[] {
  const { lock, races, options, overlap } = result;
  const measured = overlap ? { trials: overlap.trials, measured: options.trials } : undefined;
  const input = { lock, workers: options.workers, races: races.count, trials: options.trials, overlap: measured };
  return measured && needsOverlapHint(input) ? [colour.dim(overlapHint(measured))] : [];
}

function limitRows(outcomes: Outcome[]): Outcome[] {
  return outcomes.slice(0, MAX_ROWS);
}

function restLine(outcomes: Outcome[]): string[] {
  const rest = outcomes.slice(MAX_ROWS);
  if (rest.length === 0) return [];
  const trials = rest.reduce((sum, outcome) => sum + outcome.trials, 0);
  return [`  … and ${rest.length} more ${plural(rest.length, 'outcome')} (${trials} ${plural(trials, 'trial')})`];
}
