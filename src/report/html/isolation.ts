// Isolation levels as HTML: a grid of levels (rows) by anomalies (columns),
// each cell saying whether the anomaly occurs or is prevented, and how.
import type { IsolationDocument } from '../guards.js';
import { barChart } from './chart.js';
import type { RenderContext } from './context.js';
import { html, type Html } from './escape.js';

export function renderIsolation(document: IsolationDocument, _context: RenderContext): Html {
  const anomalies = [...new Set(document.levels.flatMap((level) => Object.keys(level.anomalies)))];
  const caption = `Anomalies that occur at each level, of ${anomalies.length} tried`;
  const bars = document.levels.map((level) => {
    const occurs = Object.values(level.anomalies).filter((cell) => cell.result === 'occurs').length;
    return { label: level.level, value: occurs, note: `${occurs} of ${Object.keys(level.anomalies).length}`, tone: occurs > 0 ? ('bad' as const) : ('good' as const) };
  });
  return html`<section class="document">
<h2>isolation · ${document.store}</h2>
<p class="settings">${document.server}</p>
<figure>${barChart(caption, bars)}<figcaption>${caption}</figcaption></figure>
<table class="data isolation">
<caption>Which anomalies each isolation level lets occur</caption>
<thead><tr><th scope="col">level</th>${anomalies.map((name) => html`<th scope="col">${name}</th>`)}</tr></thead>
<tbody>${document.levels.map(
    (level) =>
      html`<tr><th scope="row">${level.level}</th>${anomalies.map((name) => {
        const cell = level.anomalies[name];
        if (!cell) return html`<td class="muted">—</td>`;
        const occurs = cell.result === 'occurs';
        const detail = cell.how ?? (cell.evidence === undefined ? '' : typeof cell.evidence === 'string' ? cell.evidence : JSON.stringify(cell.evidence));
        return html`<td class="${occurs ? 'bad' : 'good'}">${occurs ? '✗ ' : '✓ '}${cell.result}${detail ? html`<br><span class="detail">${detail}</span>` : ''}</td>`;
      })}</tr>`,
  )}</tbody>
</table>
</section>`;
}
