// A litmus test as HTML: its header figures, and each outcome of the two
// registers with how often it was seen and its grade (acceptable, interesting,
// forbidden), as a chart and a table.
import type { LitmusDocument } from '../guards.js';
import { barChart } from './chart.js';
import type { RenderContext } from './context.js';
import { html, type Html } from './escape.js';
import { figure } from './run.js';

const outcomeText = (outcome: Record<string, unknown>): string =>
  Object.entries(outcome)
    .map(([register, value]) => `${register}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');

export function renderLitmus(document: LitmusDocument, _context: RenderContext): Html {
  const forbidden = document.outcomes.filter((outcome) => /forbidden/i.test(outcome.grade) && outcome.samples > 0);
  const caption = `Outcomes of ${document.test} over ${document.samples} samples`;
  const bars = document.outcomes.map((outcome) => ({
    label: outcomeText(outcome.outcome),
    value: outcome.samples,
    note: `${outcome.samples} · ${outcome.grade}`,
    tone: /forbidden/i.test(outcome.grade) ? ('bad' as const) : /interesting/i.test(outcome.grade) ? ('neutral' as const) : ('good' as const),
  }));
  return html`<section class="document">
<h2>litmus · ${document.test}</h2>
<p class="settings">${document.access} · ${document.cpu}</p>
<dl class="figures">
${figure('samples', String(document.samples), `${Math.round(document.samplesPerSecond)} per second`)}
${figure('forbidden outcomes seen', String(forbidden.length), forbidden.length > 0 ? 'the memory model was broken' : 'none', forbidden.length > 0 ? 'bad' : 'good')}
</dl>
<figure>${barChart(caption, bars)}<figcaption>${caption}</figcaption></figure>
<table class="data">
<caption>Outcomes</caption>
<thead><tr><th scope="col">outcome</th><th scope="col" class="num">samples</th><th scope="col">grade</th><th scope="col">what it means</th></tr></thead>
<tbody>${document.outcomes.map(
    (outcome) =>
      html`<tr><th scope="row">${outcomeText(outcome.outcome)}</th><td class="num">${outcome.samples}</td><td class="${/forbidden/i.test(outcome.grade) && outcome.samples > 0 ? 'bad' : ''}">${outcome.grade}</td><td>${outcome.description}</td></tr>`,
  )}</tbody>
</table>
</section>`;
}
