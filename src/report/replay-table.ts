// A replayed schedule for people: the header, the whole interleaving as a
// column-per-worker timeline with the lost updates marked, the final value.
import { lostUpdateMarks } from '../worker/steps.js';
import type { Palette } from './colour.js';
import type { ReplayDocument } from './guards.js';
import { timeline } from './timeline.js';
import { formatFinal, workloadSize } from './values.js';

export function renderReplayTable(document: ReplayDocument, colour: Palette): string {
  const verdict = document.raced ? colour.race(`✗ raced, ${document.lost} lost`) : colour.expected('✓ expected');
  return [
    colour.bold(`${document.scenario} · replay · ${document.lock ? 'lock' : 'no lock'} · ${workloadSize(document.options)} · ${document.steps.length} steps`),
    timeline(document.steps, document.options.workers, lostUpdateMarks(document.steps)),
    `final value: ${formatFinal(document.final)} (expected ${formatFinal(document.expected)})  ${verdict}`,
    '',
  ].join('\n');
}
