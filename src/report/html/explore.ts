// explore as HTML: every possible final value with the schedules that reach
// it (chart and table), which of them runs in the same report observed, and
// each witness schedule as a stepper.
import { canonicalKey } from '../../run/judge.js';
import type { ExploreDocument } from '../guards.js';
import { formatFinal, percent, workloadSize } from '../values.js';
import { barChart } from './chart.js';
import type { RenderContext } from './context.js';
import { html, type Html } from './escape.js';
import { lessonSection, replayLine, verdictCell } from './run.js';
import { traceStepper } from './trace.js';

export function renderExplore(document: ExploreDocument, context: RenderContext): Html {
  const observed = context.observed.get(document.scenario);
  const how = document.mode.kind === 'sampled' ? `${document.schedules} random schedules, seed ${document.mode.seed}` : document.complete ? `all ${document.schedules} schedules` : `the first ${document.schedules} schedules (limit reached)`;
  const caption = `Possible final values: schedules that reach each, of ${document.schedules}`;
  const bars = document.outcomes.map((outcome) => ({
    label: formatFinal(outcome.final),
    value: outcome.schedules,
    note: `${outcome.schedules} (${percent(outcome.share)})`,
    tone: outcome.raced ? ('bad' as const) : ('good' as const),
  }));
  const seen = (final: unknown): Html => {
    if (!observed) return html``;
    return observed.has(canonicalKey(final as never)) ? html`<td>observed</td>` : html`<td class="muted">not observed</td>`;
  };
  return html`<section class="document">
<h2>${document.scenario} · explore · ${document.lock ? 'with the lock' : 'without the lock'}</h2>
<p class="settings">${workloadSize(document.options)} · ${how}</p>
<figure>${barChart(caption, bars)}<figcaption>${caption}</figcaption></figure>
<table class="data">
<caption>Possible outcomes${observed ? ' and those the runs in this report observed' : ''}</caption>
<thead><tr><th scope="col">final value</th><th scope="col" class="num">schedules</th><th scope="col" class="num">share</th><th scope="col">verdict</th>${observed ? html`<th scope="col">in the runs</th>` : ''}</tr></thead>
<tbody>${document.outcomes.map(
    (outcome) =>
      html`<tr><th scope="row">${formatFinal(outcome.final)}</th><td class="num">${outcome.schedules}</td><td class="num">${percent(outcome.share)}</td>${verdictCell(outcome.raced, outcome.verdict)}${seen(outcome.final)}</tr>`,
  )}</tbody>
</table>
${document.outcomes.map(
    (outcome) => html`<h3>A schedule that ends at ${formatFinal(outcome.final)}</h3>
${traceStepper(context.id('witness'), `A schedule that ends at ${formatFinal(outcome.final)}`, outcome.witness, document.options.workers)}
${replayLine(outcome.token, 'Replay it')}`,
  )}
${lessonSection(document.scenario, context)}
</section>`;
}
