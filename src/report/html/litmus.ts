// A litmus run as HTML: the machine it ran on (CPU, cores, V8), its figures,
// and every outcome with how often it was seen, its grade (acceptable,
// interesting, forbidden) and, for the relaxed ones, the 95% interval of its
// rate, as a chart and a table.
import { findTest } from '../../litmus/tests.js';
import type { LitmusDocument } from '../guards.js';
import { barChart } from './chart.js';
import type { RenderContext } from './context.js';
import { html, type Html } from './escape.js';
import { figure } from './run.js';

type Outcome = LitmusDocument['outcomes'][number];

const outcomeText = (values: Outcome['outcome']): string =>
  Object.entries(values)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
const count = (value: number): string => value.toLocaleString('en-US');
/** Rates down to one in a billion stay readable: 0.0012%, 1.2e-7%. */
export const rate = (share: number): string =>
  share === 0 ? '0%' : share < 0.0001 ? `${(share * 100).toExponential(1)}%` : `${(share * 100).toFixed(share < 0.01 ? 4 : 2)}%`;
const interval = (outcome: Outcome): string => (outcome.interval ? `${rate(outcome.interval[0])} – ${rate(outcome.interval[1])}` : '');
const seenForbidden = (outcome: Outcome): boolean => outcome.grade === 'forbidden' && outcome.samples > 0;
const accessText = { plain: 'plain accesses (typed-array reads and writes)', atomics: 'Atomics.load / Atomics.store' } as const;

export function renderLitmus(document: LitmusDocument, _context: RenderContext): Html {
  const forbidden = document.outcomes.filter(seenForbidden);
  const title = findTest(document.test)?.title;
  const caption = `Outcomes of ${document.test} (${document.access}) over ${count(document.samples)} samples`;
  const bars = document.outcomes.map((outcome) => ({
    label: outcomeText(outcome.outcome),
    value: outcome.samples,
    note: `${count(outcome.samples)} · ${outcome.grade}`,
    tone: outcome.grade === 'forbidden' ? ('bad' as const) : outcome.grade === 'interesting' ? ('neutral' as const) : ('good' as const),
  }));
  const { model, arch, cores } = document.cpu;
  return html`<section class="document">
<h2>litmus · ${document.test} · ${document.access}</h2>
${title ? html`<p>${title}</p>` : ''}
<p class="settings">${accessText[document.access]} · ${model} (${arch}, ${cores} cores) · V8 ${document.v8}</p>
<dl class="figures">
${figure('samples', count(document.samples), `${count(document.samplesPerSecond)} per second, ${(document.elapsedMs / 1000).toFixed(2)} s`)}
${figure('forbidden outcomes seen', String(forbidden.length), forbidden.length > 0 ? 'the engine or the CPU broke the memory model' : 'none', forbidden.length > 0 ? 'bad' : 'good')}
</dl>
<figure>${barChart(caption, bars)}<figcaption>${caption}</figcaption></figure>
<table class="data">
<caption>Outcomes, graded by the ECMAScript memory model</caption>
<thead><tr><th scope="col">outcome</th><th scope="col" class="num">samples</th><th scope="col" class="num">frequency</th><th scope="col">95% interval</th><th scope="col">grade</th><th scope="col">what it means</th></tr></thead>
<tbody>${document.outcomes.map(
    (outcome) =>
      html`<tr><th scope="row">${outcomeText(outcome.outcome)}</th><td class="num">${count(outcome.samples)}</td><td class="num">${rate(outcome.frequency)}</td><td>${interval(outcome)}</td><td class="${seenForbidden(outcome) ? 'bad' : ''}">${outcome.grade}</td><td>${outcome.description}</td></tr>`,
  )}</tbody>
</table>
</section>`;
}
