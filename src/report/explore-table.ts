// `racedemo explore` for people: each possible final value, how many
// schedules reach it, and one witness schedule as a column-per-worker timeline.
import type { ExploreResult } from '../explore/explore.js';
import { lostUpdateMarks } from '../steps.js';
import type { Palette } from './colour.js';
import { grid, verdict } from './table.js';
import { timeline } from './timeline.js';
import { decodeToken, replayCommand } from './token.js';
import { formatFinal, percent, workloadSize } from './values.js';

export function renderExploreTable(result: ExploreResult, colour: Palette): string {
  const { mode, options } = result;
  const how =
    mode.kind === 'exhaustive'
      ? result.complete
        ? `exhaustive: all ${result.schedules} schedules`
        : `first ${result.schedules} schedules (limit reached: not every schedule was tried; raise --max-schedules)`
      : `${result.schedules} random schedules, seed ${mode.seed}`;
  const rows = result.outcomes.map((outcome) => [
    formatFinal(outcome.final),
    String(outcome.schedules),
    percent(outcome.share),
    verdict(outcome, colour),
  ]);
  const lines = [
    colour.bold(`${result.scenario} · explore · ${result.lock ? 'lock' : 'no lock'} · ${workloadSize(options)} · ${how}`),
    grid(['final value', 'schedules', 'share', 'verdict'], ['left', 'right', 'right', 'left'], rows),
  ];
  const possible = result.outcomes.map((outcome) => formatFinal(outcome.final)).join(', ');
  lines.push(`possible final values: ${possible}${result.complete ? '' : ' (so far)'}`);
  for (const outcome of result.outcomes) {
    lines.push('', `a schedule that ends at ${formatFinal(outcome.final)}:`, timeline(outcome.witness, options.workers, lostUpdateMarks(outcome.witness)));
    lines.push(`replay it: ${replayCommand(decodeToken(outcome.token))}`);
  }
  return `${lines.join('\n')}\n`;
}

