// A run and a --compare comparison as HTML: the header figures, the outcome
// histogram (chart and table), the first raced trial as a stepper, and the
// scenario's own explanation.
import type { RunResult } from '../../run/runner.js';
import type { ComparisonDocument, RunDocument } from '../documents.js';
import { formatFinal, milliseconds, percent, storeLabel, workloadSize } from '../values.js';
import { barChart } from './chart.js';
import type { RenderContext } from './context.js';
import { html, type Html } from './escape.js';
import { decodeToken, replayCommand } from '../token.js';
import { traceStepper } from './trace.js';

export function renderRun(document: RunDocument, context: RenderContext): Html {
  const heading = context.id('heading');
  return html`<section class="document" aria-labelledby="${heading}">
<h2 id="${heading}">${document.scenario} · ${document.lock ? 'with the lock' : 'without the lock'}</h2>
${runBody(document, context)}
${lessonSection(document.scenario, context)}
</section>`;
}

export function renderComparison(document: ComparisonDocument, context: RenderContext): Html {
  const [unlocked, locked] = document.runs;
  return html`<section class="document">
<h2>${unlocked.scenario} · without and with the lock</h2>
<dl class="figures">
${lockCostFigure(document)}
${figure('races without the lock', `${unlocked.races.count}/${unlocked.options.trials}`, percent(unlocked.races.rate))}
${figure('races with the lock', `${locked.races.count}/${locked.options.trials}`, percent(locked.races.rate))}
</dl>
<div class="runs">
<section><h3>Without the lock</h3>${runBody(unlocked, context)}</section>
<section><h3>With the lock</h3>${runBody(locked, context)}</section>
</div>
${lessonSection(unlocked.scenario, context)}
</section>`;
}

function runBody(run: RunResult, context: RenderContext): Html {
  const trials = run.options.trials;
  const settings = [run.engine, ...(run.store ? [storeLabel(run.store)] : []), `${trials} trials`, workloadSize(run.options), `window ${run.options.window} ms`];
  const bars = run.outcomes.map((outcome) => ({
    label: formatFinal(outcome.final),
    value: outcome.trials,
    note: `${outcome.trials} (${percent(outcome.share)})`,
    tone: outcome.raced ? ('bad' as const) : ('good' as const),
  }));
  const caption = `Final values over ${trials} trials (expected ${formatFinal(run.expected)})`;
  return html`<p class="settings">${settings.join(' · ')}</p>
<dl class="figures">
${figure('trials that raced', `${run.races.count}/${trials}`, rateDetail(run), run.races.count > 0 ? 'bad' : 'good')}
${figure('lost updates', String(run.lostUpdates.mean), `mean per trial, at most ${run.lostUpdates.max}`)}
${figure('time per trial', `${milliseconds(run.timing.perTrialMs.mean)} ms`, `median ${milliseconds(run.timing.perTrialMs.median)} ms`)}
${figure('expected', formatFinal(run.expected), 'the final value with the lock')}
</dl>
<figure>${barChart(caption, bars)}<figcaption>${caption}</figcaption></figure>
<table class="data">
<caption>Outcomes</caption>
<thead><tr><th scope="col">final value</th><th scope="col" class="num">trials</th><th scope="col" class="num">share</th><th scope="col" class="num">lost</th><th scope="col">verdict</th></tr></thead>
<tbody>${run.outcomes.map(
    (outcome) => html`<tr><th scope="row">${formatFinal(outcome.final)}</th><td class="num">${outcome.trials}</td><td class="num">${percent(outcome.share)}</td><td class="num">${outcome.lost}</td>${verdictCell(outcome.raced, outcome.verdict)}</tr>`,
  )}</tbody>
</table>
${traceSection(run, context)}`;
}

function traceSection(run: RunResult, context: RenderContext): Html {
  if (run.trace === undefined) return html``;
  if (run.trace === null) return html`<p class="note">No trial raced, so there is no lost update to step through.</p>`;
  const caption = `The interleaving of trial ${run.trace.trial}, the first that raced`;
  return html`<h3>Step through the race</h3>${traceStepper(context.id('trace'), caption, run.trace.steps, run.options.workers)}
${replayLine(run.trace.token, 'Replay this interleaving in the model, step by step')}`;
}

/** The command that replays a token, for the reader to copy; nothing for a token that does not decode. */
export function replayLine(token: string | undefined, what: string): Html {
  if (token === undefined) return html``;
  try {
    return html`<p class="replay">${what}: <code>${replayCommand(decodeToken(token))}</code></p>`;
  } catch {
    return html``;
  }
}

/** `verdict`: what went wrong in the scenario's own words (`lost 10`, `created 20`), when the document has it. */
export function verdictCell(raced: boolean, verdict?: string): Html {
  return raced ? html`<td class="bad">✗ ${verdict ?? 'raced'}</td>` : html`<td class="good">✓ expected</td>`;
}

/** The lock's cost as the terminal states it: the median ratio, its 95% interval and whether that is within noise. */
function lockCostFigure(document: ComparisonDocument): Html {
  const interval = document.lockCostInterval;
  if (!interval) return figure('lock cost', `× ${document.lockCost}`, 'mean time per trial with the lock over without');
  const [lo, hi] = interval.ci95;
  const noise = interval.withinNoise ? ': within noise' : '';
  return figure('lock cost', `× ${interval.medianRatio}`, `median time per trial, 95% interval ×${lo}–×${hi}${noise}`);
}

/** The rate, with its 95% interval and how often the workers overlapped when the document has them. */
function rateDetail(run: RunResult): string {
  const interval = run.races.ci95 ? ` (95% CI ${percent(run.races.ci95[0])}–${percent(run.races.ci95[1])})` : '';
  const overlap = run.overlap ? `; workers overlapped in ${percent(run.overlap.share)} of trials` : '';
  return `${percent(run.races.rate)}${interval}${overlap}`;
}

export function figure(term: string, value: string, detail: string, tone: 'good' | 'bad' | '' = ''): Html {
  return html`<div class="${tone}"><dt>${term}</dt><dd><span class="big">${value}</span> <span class="detail">${detail}</span></dd></div>`;
}

export function lessonSection(scenario: string, context: RenderContext): Html {
  const lesson = context.lessons.get(scenario);
  if (!lesson) return html``;
  return html`<section class="lesson"><h3>What ${scenario} does, and why it races</h3>
<p>${lesson.what}</p>
<pre><code>${lesson.body}</code></pre>
<p>${lesson.whyItRaces}</p></section>`;
}
