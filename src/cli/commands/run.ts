// `racedemo run`: load the scenario, resolve the settings, run one or two
// series of trials (two with --compare), stream or render the result, and
// check --expect.
import { ExpectationError } from '../../errors.js';
import type { RunFlags } from '../options.js';
import { resolveRunSettings, type RunSettings } from '../../run/settings.js';
import { runTrials, type RunResult, type TrialRecord } from '../../run/runner.js';
import { loadScenario, type LoadedScenario } from '../../scenario/catalog.js';
import { csvHeader, csvRow } from '../../report/csv.js';
import { comparisonDocument, runDocument, trialLine } from '../../report/documents.js';
import { githubAnnotation, judgeExpectation, type ExpectationVerdict } from '../../report/expectation.js';
import { environment } from '../../report/environment.js';
import { htmlReport } from '../../report/html.js';
import { junitXml } from '../../report/junit.js';
import { runSuites } from '../../report/junit-run.js';
import { Progress } from '../../report/progress.js';
import { renderComparisonTable, renderTable } from '../../report/table.js';
import type { ColourContext, Context } from '../output.js';
import { withRunSignals } from '../signals.js';

export async function runCommand(reference: string, flags: RunFlags, context: ColourContext): Promise<void> {
  environment(); // the load average as the command starts, not after its own work
  const loaded = await loadScenario(reference);
  const settings = resolveRunSettings(flags, loaded.scenario);
  await withRunSignals(context.out, async (signal) => {
    const results = await runSeries(loaded, settings, context, signal);
    const verdict = settings.expect ? judgeExpectation(results, settings.expect, settings.budgetMs) : undefined;
    render(results, settings, context, loaded, verdict);
    checkExpectation(verdict, context);
  }, context.signal);
}

async function runSeries(loaded: LoadedScenario, settings: RunSettings, context: Context, signal: AbortSignal): Promise<RunResult[]> {
  const { out: output } = context;
  const progress = context.progress ? new Progress(context.stderr, '', settings.trials) : undefined;
  if (settings.format === 'csv') output.line(csvHeader);
  const results: RunResult[] = [];
  try {
    for (const lock of settings.locks) {
      progress?.restart(lock ? 'lock' : 'no lock', settings.trials);
      const onTrial = (record: TrialRecord): void => {
        progress?.trial(record);
        if (settings.format === 'ndjson') output.line(trialLine(record, lock));
        else if (settings.format === 'csv') output.line(csvRow(record, lock));
      };
      results.push(
        await runTrials({
          loaded,
          engine: settings.engine,
          lock,
          trials: settings.trials,
          workload: settings.workload,
          timeoutMs: settings.timeoutMs,
          trace: settings.trace,
          ...(settings.budgetMs !== undefined && !lock ? { budgetMs: settings.budgetMs } : {}),
          ...(settings.store ? { store: settings.store, remoteWorkers: settings.remoteWorkers } : {}),
          ...(settings.secret ? { secret: settings.secret } : {}),
          signal,
          // Per-trial records are only produced when someone consumes them.
          ...(progress || settings.format === 'ndjson' || settings.format === 'csv' ? { onTrial } : {}),
        }),
      );
    }
  } finally {
    progress?.clear();
  }
  return results;
}

function render(results: RunResult[], settings: RunSettings, context: ColourContext, loaded: LoadedScenario, verdict: ExpectationVerdict | undefined): void {
  const { out: output, palette, width } = context;
  const [first, second] = results;
  if (!first) return;
  const document = second ? comparisonDocument(first, second) : runDocument(first);
  switch (settings.format) {
    case 'json':
      output.line(JSON.stringify(document, null, 2));
      return;
    case 'ndjson':
      output.line(JSON.stringify({ type: 'summary', ...document }));
      return;
    case 'csv':
      return;
    case 'html':
      output.write(htmlReport([document], loaded.scenario));
      return;
    case 'junit':
      output.write(junitXml(runSuites(results, verdict)));
      return;
    case 'table':
      output.write(second ? renderComparisonTable(first, second, palette, width) : renderTable(first, palette, width));
  }
}

/** Exit 1 when --expect did not hold; under GitHub Actions also an error annotation. */
function checkExpectation(verdict: ExpectationVerdict | undefined, context: Context): void {
  if (!verdict?.failure) return;
  if (context.env.GITHUB_ACTIONS === 'true') {
    // GitHub's runner reads workflow commands from stderr as from stdout; stdout carries the result.
    context.stderr.write(`${githubAnnotation(`racedemo --expect ${verdict.expectation}`, verdict.failure)}\n`);
  }
  throw new ExpectationError(verdict.failure);
}
