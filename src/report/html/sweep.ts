// A sweep as HTML: the race rate against the swept window or pause, as a
// curve and a table.
import type { SweepDocument } from '../guards.js';
import { milliseconds, percent, workloadSize } from '../values.js';
import { curveChart } from './chart.js';
import type { RenderContext } from './context.js';
import { html, type Html } from './escape.js';
import { lessonSection } from './run.js';

export function renderSweep(document: SweepDocument, context: RenderContext): Html {
  const first = document.points[0]?.run;
  if (!first) return html`<section class="document"><h2>sweep</h2><p>No points.</p></section>`;
  const variable = document.variable;
  const caption = `Race rate against the ${variable} (ms), ${first.options.trials} trials at each`;
  const points = document.points.map(({ value, run }) => ({ x: `${value} ms`, y: run.races.rate }));
  return html`<section class="document">
<h2>${first.scenario} · sweep of the ${variable}</h2>
<p class="settings">${[first.engine, first.lock ? 'with the lock' : 'without the lock', workloadSize(first.options)].join(' · ')}</p>
<figure>${curveChart(caption, `${variable} (ms)`, points)}<figcaption>${caption}</figcaption></figure>
<table class="data">
<caption>Race rate at each ${variable}</caption>
<thead><tr><th scope="col" class="num">${variable} (ms)</th><th scope="col" class="num">races</th><th scope="col" class="num">rate</th><th scope="col" class="num">lost (mean)</th><th scope="col" class="num">ms/trial</th></tr></thead>
<tbody>${document.points.map(
    ({ value, run }) =>
      html`<tr><th scope="row" class="num">${value}</th><td class="num">${run.races.count}/${run.options.trials}</td><td class="num">${percent(run.races.rate)}</td><td class="num">${run.lostUpdates.mean}</td><td class="num">${milliseconds(run.timing.perTrialMs.mean)}</td></tr>`,
  )}</tbody>
</table>
${lessonSection(first.scenario, context)}
</section>`;
}
