// An interleaving as a table the reader steps through: one row per step, one
// column per worker. Without JavaScript every row shows, the overwriting
// writes marked; the page's script adds the stepper (buttons, arrow keys) and
// highlights, at each step, the stale read and the write it overwrote.
import type { Step } from '../../worker/steps.js';
import { describeStep } from '../timeline.js';
import { html, type Html } from './escape.js';

/** Most steps shown; a longer trace is cut around its first lost update. */
const MAX_STEPS = 200;

/** For an overwriting write: the writer's own stale read and the other worker's write it overwrote. */
export interface Overwrite {
  read: number | undefined;
  overwritten: number;
  victim: number;
}

export function overwrites(steps: readonly Step[]): Map<number, Overwrite> {
  const found = new Map<number, Overwrite>();
  const location = (step: Step): string => (step.op === 'acquire' ? '' : `${step.slot}#${step.index ?? ''}`);
  steps.forEach((step, index) => {
    if (step.op !== 'write') return;
    let overwritten: number | undefined;
    let read: number | undefined;
    for (let earlier = index - 1; earlier >= 0; earlier--) {
      const before = steps[earlier];
      if (!before || before.op === 'acquire' || location(before) !== location(step)) continue;
      if (before.worker === step.worker) {
        if (before.op === 'read') {
          read = earlier;
          break;
        }
        continue;
      }
      if (before.op === 'write') overwritten ??= earlier;
    }
    const victim = overwritten === undefined ? undefined : steps[overwritten]?.worker;
    if (overwritten !== undefined && victim !== undefined) found.set(index, { read, overwritten, victim });
  });
  return found;
}

/** The stepper for `steps`; `id` keeps several on one page apart. */
export function traceStepper(id: string, caption: string, steps: ReadonlyArray<Step & { us?: number }>, workers: number): Html {
  const marks = overwrites(steps);
  const firstLoss = Math.min(...marks.keys());
  const from = steps.length <= MAX_STEPS ? 0 : Math.max(0, Math.min(steps.length - MAX_STEPS, (Number.isFinite(firstLoss) ? firstLoss : 0) - MAX_STEPS / 2));
  const to = Math.min(steps.length, from + MAX_STEPS);
  const timed = steps.some((step) => step.us !== undefined);
  const columns = Array.from({ length: workers }, (_, index) => index + 1);
  const rows = steps.slice(from, to).map((step, offset) => {
    const index = from + offset;
    const mark = marks.get(index);
    const say = spoken(index, steps.length, step, mark);
    const cells = columns.map((worker) =>
      worker === step.worker
        ? html`<td class="op ${step.op}">${describeStep(step)}${mark ? html` <strong class="loss">✗ overwrites worker ${mark.victim}'s write (step ${mark.overwritten + 1})</strong>` : ''}</td>`
        : html`<td></td>`,
    );
    return html`<tr id="${id}-step-${index}" data-step="${index}" data-say="${say}"${mark ? html` class="overwrite" data-overwritten="${mark.overwritten}"${mark.read === undefined ? '' : html` data-read="${mark.read}"`}` : ''}>
<th scope="row">${index + 1}</th>${timed ? html`<td class="num">${step.us ?? ''}</td>` : ''}${cells}</tr>`;
  });
  const range = from > 0 || to < steps.length ? ` (steps ${from + 1}–${to} of ${steps.length}, around the first lost update)` : '';
  return html`<div class="stepper" id="${id}" data-first="${from}" data-last="${to - 1}">
<div class="controls" hidden>
<button type="button" data-go="first">First</button>
<button type="button" data-go="previous" aria-keyshortcuts="ArrowLeft">◀ Previous</button>
<button type="button" data-go="next" aria-keyshortcuts="ArrowRight">Next ▶</button>
<button type="button" data-go="last">Last</button>
<label>Step <input type="range" min="${from}" max="${to - 1}" value="${from}" data-go="to"></label>
</div>
<p class="say" aria-live="polite" aria-atomic="true"></p>
<div class="scroll" tabindex="0" aria-label="${caption}: use the left and right arrow keys to step">
<table class="trace">
<caption>${caption}${range}</caption>
<thead><tr><th scope="col">#</th>${timed ? html`<th scope="col">µs</th>` : ''}${columns.map((worker) => html`<th scope="col">worker ${worker}</th>`)}</tr></thead>
<tbody>${rows}</tbody>
</table>
</div>
</div>`;
}

function spoken(index: number, total: number, step: Step, mark: Overwrite | undefined): string {
  const what = `Step ${index + 1} of ${total}: worker ${step.worker} ${describeStep(step)}`;
  if (!mark) return what;
  const stale = mark.read === undefined ? '' : ` from its stale read at step ${mark.read + 1}`;
  return `${what}. Lost update: it overwrites worker ${mark.victim}'s write at step ${mark.overwritten + 1}${stale}.`;
}
