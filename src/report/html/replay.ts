// A replayed schedule as HTML: the final value against the expected one, and
// the whole interleaving as a stepper.
import type { ReplayDocument } from '../guards.js';
import { formatFinal, workloadSize } from '../values.js';
import type { RenderContext } from './context.js';
import { html, type Html } from './escape.js';
import { figure, lessonSection } from './run.js';
import { traceStepper } from './trace.js';

export function renderReplay(document: ReplayDocument, context: RenderContext): Html {
  const caption = `The replayed schedule, ${document.steps.length} steps`;
  return html`<section class="document">
<h2>${document.scenario} · replay · ${document.lock ? 'with the lock' : 'without the lock'}</h2>
<p class="settings">${workloadSize(document.options)} · token <code>${document.token}</code></p>
<dl class="figures">
${figure('final value', formatFinal(document.final), document.raced ? `raced: ${document.lost} updates lost` : 'as expected', document.raced ? 'bad' : 'good')}
${figure('expected', formatFinal(document.expected), 'the final value with the lock')}
</dl>
<h3>Step through the schedule</h3>
${traceStepper(context.id('replay'), caption, document.steps, document.options.workers)}
${lessonSection(document.scenario, context)}
</section>`;
}
