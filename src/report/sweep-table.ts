// `racedemo sweep` for people: one row per value tried, then the race rate
// as a bar chart drawn with block characters.
import type { RunResult } from '../run/runner.js';
import type { Palette } from './colour.js';
import { grid } from './grid.js';
import { milliseconds, percent, plural, storeLabel, workloadSize } from './values.js';

export interface SweepPoint {
  value: number;
  run: RunResult;
}

const BAR_WIDTH = 40;

export function renderSweepTable(variable: 'window' | 'pause', points: SweepPoint[], colour: Palette): string {
  const first = points[0]?.run;
  if (!first) return '';
  const header = [
    first.scenario,
    first.engine,
    ...(first.store ? [storeLabel(first.store)] : []),
    first.lock ? 'lock' : 'no lock',
    `${first.options.trials} ${plural(first.options.trials, 'trial')} at each ${variable}`,
    workloadSize(first.options),
  ];
  const rows = points.map(({ value, run }) => [
    String(value),
    `${run.races.count}/${run.options.trials}`,
    percent(run.races.rate),
    String(run.lostUpdates.mean),
    milliseconds(run.timing.perTrialMs.mean),
  ]);
  const label = `${variable} (ms)`;
  const labelWidth = Math.max(...points.map(({ value }) => String(value).length));
  const chart = points.map(({ value, run }) => {
    const filled = Math.round(run.races.rate * BAR_WIDTH);
    const bar = colour.race('█'.repeat(filled)) + colour.dim('·'.repeat(BAR_WIDTH - filled));
    return `  ${String(value).padStart(labelWidth)} ms  ${bar} ${percent(run.races.rate).padStart(6)}`;
  });
  return [
    colour.bold(header.join(' · ')),
    grid([label, 'races', 'rate', 'lost (mean)', 'ms/trial'], ['right', 'right', 'right', 'right', 'right'], rows),
    '',
    `race rate against ${variable}`,
    ...chart,
    '',
  ].join('\n');
}
