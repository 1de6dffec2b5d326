// Isolation as HTML. On PostgreSQL: a grid of anomalies (rows) by isolation
// level (columns), each cell saying whether the anomaly occurs or how the
// level kept it out, with the evidence. On Redis: each read-modify-write
// pattern, what the fixed two-client interleaving showed and what the real
// race lost. With --fixes: each lost-update fix raced for real.
import { lessons } from '../../isolation/explain.js';
import type { FixesDocument, IsolationDocument, PostgresIsolationDocument, RedisIsolationDocument } from '../guards.js';
import { barChart } from './chart.js';
import type { RenderContext } from './context.js';
import { html, type Html } from './escape.js';

type Verdict = { result: 'occurs' | 'prevented'; how?: string; evidence: string };

const verdictText = (verdict: Verdict): string => (verdict.result === 'occurs' ? '✗ occurs' : `✓ prevented (${verdict.how ?? ''})`);
const verdictCell = (verdict: Verdict | undefined): Html =>
  verdict
    ? html`<td class="${verdict.result === 'occurs' ? 'bad' : 'good'}">${verdictText(verdict)}<br><span class="detail">${verdict.evidence}</span></td>`
    : html`<td class="muted">not run</td>`;

export function renderIsolation(document: IsolationDocument, context: RenderContext): Html {
  return document.store === 'redis' ? renderRedis(document, context) : renderPostgres(document, context);
}

function renderPostgres(document: PostgresIsolationDocument, _context: RenderContext): Html {
  const anomalies = [...new Set(document.levels.flatMap((level) => Object.keys(level.anomalies)))];
  const caption = `Anomalies that occur at each level, of ${anomalies.length} tried`;
  const bars = document.levels.map((level) => {
    const occurs = Object.values(level.anomalies).filter((cell) => cell.result === 'occurs').length;
    return { label: level.level, value: occurs, note: `${occurs} of ${Object.keys(level.anomalies).length}`, tone: occurs > 0 ? ('bad' as const) : ('good' as const) };
  });
  const name = (anomaly: string): string => (Object.hasOwn(lessons, anomaly) ? lessons[anomaly as keyof typeof lessons].name : '');
  return html`<section class="document">
<h2>isolation · PostgreSQL ${document.server}</h2>
<p class="settings">each test run on the server; read uncommitted is read committed in PostgreSQL</p>
<figure>${barChart(caption, bars)}<figcaption>${caption}</figcaption></figure>
<table class="data isolation">
<caption>Which anomalies each isolation level lets occur</caption>
<thead><tr><th scope="col">anomaly</th>${document.levels.map((level) => html`<th scope="col">${level.level}</th>`)}</tr></thead>
<tbody>${anomalies.map(
    (anomaly) =>
      html`<tr><th scope="row">${anomaly}<br><span class="detail">${name(anomaly)}</span></th>${document.levels.map((level) =>
        verdictCell(Object.hasOwn(level.anomalies, anomaly) ? level.anomalies[anomaly as keyof typeof level.anomalies] : undefined),
      )}</tr>`,
  )}</tbody>
</table>
<p class="note">prevented (blocked): a session waited on a lock; (aborted): the server aborted a session (40001, 40P01); (snapshot): the reads never saw the anomaly.</p>
</section>`;
}

function renderRedis(document: RedisIsolationDocument, _context: RenderContext): Html {
  const patterns = Object.entries(document.patterns);
  const caption = 'Increments lost when the pattern is raced for real';
  const bars = patterns.map(([pattern, cell]) => ({
    label: pattern,
    value: cell.raced.lost,
    note: `${cell.raced.lost} of ${cell.raced.updates}`,
    tone: cell.raced.lost > 0 ? ('bad' as const) : ('good' as const),
  }));
  return html`<section class="document">
<h2>isolation · Redis ${document.server}</h2>
<p class="settings">Redis has no isolation levels: each read-modify-write pattern runs as fixed steps on two clients, then raced for real</p>
<figure>${barChart(caption, bars)}<figcaption>${caption}</figcaption></figure>
<table class="data isolation">
<caption>The lost update with each pattern</caption>
<thead><tr><th scope="col">pattern</th><th scope="col">A and B both add 1 to 10</th><th scope="col" class="num">lost</th><th scope="col" class="num">refused</th><th scope="col" class="num">increments</th></tr></thead>
<tbody>${patterns.map(
    ([pattern, cell]) =>
      html`<tr><th scope="row">${pattern}</th>${verdictCell(cell)}<td class="num">${cell.raced.lost}</td><td class="num">${cell.raced.refused}</td><td class="num">${cell.raced.updates}</td></tr>`,
  )}</tbody>
</table>
<p class="note">refused: EXEC returned nil because a WATCHed key changed; the client sees it and must retry.</p>
</section>`;
}

export function renderFixes(document: FixesDocument, _context: RenderContext): Html {
  const caption = 'Increments lost with each fix';
  // The level only where the same fix runs at several levels, so labels stay short enough for the chart.
  const repeated = (name: string): boolean => document.fixes.filter((fix) => fix.fix === name).length > 1;
  const label = (fix: FixesDocument['fixes'][number]): string => (repeated(fix.fix) ? `${fix.fix}, ${fix.level}` : fix.fix);
  const bars = document.fixes.map((fix) => ({
    label: label(fix),
    value: fix.lostUpdates,
    note: `${fix.lostUpdates} of ${fix.updates}`,
    tone: fix.lostUpdates > 0 ? ('bad' as const) : ('good' as const),
  }));
  return html`<section class="document">
<h2>isolation fixes · PostgreSQL ${document.server}</h2>
<p class="settings">the lost-update counter: ${document.trials} trials × ${document.workers} connections × ${document.increments} increments per fix</p>
<figure>${barChart(caption, bars)}<figcaption>${caption}</figcaption></figure>
<table class="data fixes">
<caption>Each fix raced for real</caption>
<thead><tr><th scope="col">fix</th><th scope="col">level</th><th scope="col" class="num">lost</th><th scope="col" class="num">race rate</th><th scope="col" class="num">refused</th><th scope="col" class="num">updates/s</th><th scope="col" class="num">aborts per update</th><th scope="col" class="num">retries per update</th><th scope="col" class="num">wait ms per update</th></tr></thead>
<tbody>${document.fixes.map(
    (fix) =>
      html`<tr><th scope="row">${fix.fix}</th><td>${fix.level}</td><td class="num ${fix.lostUpdates > 0 ? 'bad' : 'good'}">${fix.lostUpdates}</td><td class="num">${Math.round(fix.raceRate * 100)}%</td><td class="num">${fix.failed}</td><td class="num">${fix.updatesPerSecond}</td><td class="num">${fix.abortsPerUpdate.toFixed(2)}</td><td class="num">${fix.retriesPerUpdate.toFixed(2)}</td><td class="num">${fix.meanWaitMs.toFixed(2)}</td></tr>`,
  )}</tbody>
</table>
<p class="note">lost: increments that committed but are missing from the final value. refused: aborted (40001) and not retried, so the client knows. Read-modify-write means SELECT, then UPDATE to the value read + 1.</p>
</section>`;
}
