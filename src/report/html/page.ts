// One self-contained HTML page for any of racedemo's JSON documents: a
// renderer per `kind` (add a kind by adding a row to `renderers`), inline
// style and script, and a Content-Security-Policy that forbids every request.
import { canonicalKey } from '../../run/judge.js';
import type { Json, Lesson } from '../../scenario/api.js';
import type { Environment } from '../environment.js';
import type { AnyDocument, DocumentKind } from '../guards.js';
import type { RenderContext, Renderer } from './context.js';
import { constantHtml, html, type Html } from './escape.js';
import { renderExplore } from './explore.js';
import { renderFixes, renderIsolation } from './isolation.js';
import { renderLitmus } from './litmus.js';
import { renderReplay } from './replay.js';
import { renderComparison, renderRun } from './run.js';
import { script } from './script.js';
import { style } from './style.js';
import { renderSweep } from './sweep.js';

type Renderers = { [K in DocumentKind]: Renderer<Extract<AnyDocument, { kind: K }>> };

const renderers: Renderers = {
  run: renderRun,
  comparison: renderComparison,
  sweep: renderSweep,
  explore: renderExplore,
  replay: renderReplay,
  litmus: renderLitmus,
  isolation: renderIsolation,
  'isolation-fixes': renderFixes,
};

function renderDocument(document: AnyDocument, context: RenderContext): Html {
  const render = renderers[document.kind] as Renderer<AnyDocument>;
  return html`${render(document, context)}${environmentLine('environment' in document ? document.environment : undefined)}`;
}

/** Where the document was measured, so two saved results can be compared fairly. */
function environmentLine(environment: Environment | undefined): Html {
  if (!environment) return html``;
  const { cpu, cores, arch, os, node, v8, loadAverage } = environment;
  return html`<p class="environment">Measured on ${cpu}, ${cores} cores, ${arch}, ${os}; Node ${node}, V8 ${v8}; load average ${loadAverage.join(' ')} at start.</p>`;
}

/** No request of any kind may leave the page: everything it needs is inline. */
const policy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

export interface PageOptions {
  /** Scenario name → lesson, for the scenarios the documents name. */
  lessons?: ReadonlyMap<string, Lesson>;
}

export function renderPage(documents: readonly AnyDocument[], options: PageOptions = {}): string {
  let next = 0;
  const context: RenderContext = {
    lessons: options.lessons ?? new Map(),
    observed: observedOutcomes(documents),
    id: (prefix) => `${prefix}-${++next}`,
  };
  const title = `racedemo report: ${[...new Set(documents.map(subject))].join(', ')}`;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
<style>${constantHtml(style)}</style>
</head>
<body>
<header><h1>${title}</h1></header>
<main>
${documents.map((document) => renderDocument(document, context))}
</main>
${environmentFooter(documents)}
<script>${constantHtml(script)}</script>
</body>
</html>
`;
  return page.text;
}

function subject(document: AnyDocument): string {
  switch (document.kind) {
    case 'run':
    case 'explore':
    case 'replay':
      return document.scenario;
    case 'comparison':
      return document.runs[0].scenario;
    case 'sweep':
      return document.points[0]?.run.scenario ?? 'sweep';
    case 'litmus':
      return `litmus ${document.test}`;
    case 'isolation':
      return `isolation ${document.store}`;
    case 'isolation-fixes':
      return 'isolation fixes';
  }
}

/** What the runs in this report ended with, by scenario, so explore can show possible vs observed. */
function observedOutcomes(documents: readonly AnyDocument[]): Map<string, Set<string>> {
  const observed = new Map<string, Set<string>>();
  const add = (scenario: string, finals: Json[]): void => {
    const keys = observed.get(scenario) ?? new Set<string>();
    for (const final of finals) keys.add(canonicalKey(final));
    observed.set(scenario, keys);
  };
  for (const document of documents) {
    if (document.kind === 'run') add(document.scenario, document.outcomes.map((outcome) => outcome.final));
    if (document.kind === 'comparison') for (const run of document.runs) add(run.scenario, run.outcomes.map((outcome) => outcome.final));
    if (document.kind === 'sweep') for (const { run } of document.points) add(run.scenario, run.outcomes.map((outcome) => outcome.final));
  }
  return observed;
}

function environmentFooter(documents: readonly AnyDocument[]): Html {
  const tool = (documents[0] as { tool?: { name?: unknown; version?: unknown } } | undefined)?.tool;
  const made = tool && typeof tool.version === 'string' ? `racedemo ${tool.version}` : 'racedemo';
  return html`<footer class="environment"><p>Made by ${made}. This page makes no network request; it reads fully without JavaScript.</p></footer>`;
}
