// `racedemo explore` for people: each possible final value, how many
// schedules reach it, and witness schedules as column-per-worker timelines:
// by default two (the expected outcome's and the commonest race's), all with
// --witnesses all. Everything fits the given width.
import type { ExploreResult, ExploredOutcome } from '../explore/explore.js';
import { lostUpdateMarks } from '../worker/steps.js';
import type { Palette } from './colour.js';
import { wrapText } from './fit.js';
import { grid } from './grid.js';
import { verdict } from './table.js';
import { timeline } from './timeline.js';
import { formatFinal, percent, plural, workloadSize } from './values.js';

export type WitnessChoice = 'two' | 'all' | 'none';

export function renderExploreTable(result: ExploreResult, colour: Palette, width = 80, witnesses: WitnessChoice = 'two'): string {
  const { mode, options } = result;
  const how =
    mode.kind === 'exhaustive'
      ? result.complete
        ? `exhaustive: all ${result.schedules} ${plural(result.schedules, 'schedule')}`
        : `first ${result.schedules} ${plural(result.schedules, 'schedule')} (limit reached: not every schedule was tried; raise --max-schedules)`
      : `${result.schedules} random ${plural(result.schedules, 'schedule')}, seed ${mode.seed}`;
  const rows = result.outcomes.map((outcome) => [
    formatFinal(outcome.final),
    String(outcome.schedules),
    percent(outcome.share),
    verdict(outcome, colour),
  ]);
  const header = `${result.scenario} · explore · ${result.lock ? 'lock' : 'no lock'} · ${workloadSize(options)} · ${how}`;
  const lines = [
    colour.bold(wrapText(header, width, '    ', ' · ')),
    grid(['final value', 'schedules', 'share', 'verdict'], ['left', 'right', 'right', 'left'], rows, width),
  ];
  const possible = result.outcomes.map((outcome) => formatFinal(outcome.final)).join(', ');
  lines.push(wrapText(`possible final values: ${possible}${result.complete ? '' : ' (so far)'}`, width));
  const shown = chosenWitnesses(result.outcomes, witnesses);
  for (const outcome of shown) {
    const title = `a schedule that ends at ${formatFinal(outcome.final)}${outcome.raced ? ` (${outcome.verdict})` : ''}:`;
    lines.push('', wrapText(title, width), timeline(outcome.witness, options.workers, lostUpdateMarks(outcome.witness), 0, width));
    // Not wrapped, so it can be copied whole; the token names the workload, so this same command takes it.
    lines.push(`replay it with --replay ${outcome.token}`);
  }
  const left = result.outcomes.length - shown.length;
  if (left > 0 && witnesses !== 'none') lines.push('', colour.dim(`${left} more witness ${plural(left, 'schedule')}: --witnesses all shows every one`));
  return `${lines.join('\n')}\n`;
}

/** The expected outcome's witness and the commonest race's (outcomes are sorted: expected first, then by schedules). */
function chosenWitnesses(outcomes: ExploredOutcome[], witnesses: WitnessChoice): ExploredOutcome[] {
  if (witnesses === 'all') return outcomes;
  if (witnesses === 'none') return [];
  const expected = outcomes.find((outcome) => !outcome.raced);
  const race = outcomes.find((outcome) => outcome.raced);
  return [expected, race].filter((outcome): outcome is ExploredOutcome => outcome !== undefined);
}
