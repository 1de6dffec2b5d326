// `racedemo run`: load the scenario, resolve the settings, run one or two
// series of trials (two with --compare), stream or render the result, and
// check --expect.
import { ExpectationError } from '../errors.js';
import { resolveRunSettings, type RunFlags, type RunSettings } from '../options.js';
import { runTrials, type RunResult, type TrialRecord } from '../runner.js';
import { loadScenario, type LoadedScenario } from '../scenarios.js';
import { colourEnabled, palette } from '../report/colour.js';
import { csvHeader, csvRow } from '../report/csv.js';
import { comparisonDocument, runDocument, trialLine } from '../report/documents.js';
import { Progress } from '../report/progress.js';
import { renderComparisonTable, renderTable } from '../report/table.js';
import { Output } from './output.js';
import { outputWidth } from '../report/fit.js';
import { withRunSignals } from './signals.js';

export async function runCommand(reference: string, flags: RunFlags): Promise<void> {
  const loaded = await loadScenario(reference);
  const settings = resolveRunSettings(flags, loaded.scenario);
  const output = new Output(process.stdout);
  await withRunSignals(output, async (signal) => {
    const results = await runSeries(loaded, settings, output, signal);
    render(results, settings, output);
    checkExpectation(results, settings);
  });
}

async function runSeries(loaded: LoadedScenario, settings: RunSettings, output: Output, signal: AbortSignal): Promise<RunResult[]> {
  const progress = !settings.quiet && process.stderr.isTTY ? new Progress(process.stderr, '', settings.trials) : undefined;
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

function render(results: RunResult[], settings: RunSettings, output: Output): void {
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
    case 'table': {
      const colour = palette(colourEnabled({ flag: settings.color, env: process.env, stdoutIsTerminal: process.stdout.isTTY === true }));
      const width = outputWidth();
      output.write(second ? renderComparisonTable(first, second, colour, width) : renderTable(first, colour, width));
    }
  }
}

/** --expect race looks at the unlocked run, --expect safe at the locked one (with --compare, each its own). */
function checkExpectation(results: RunResult[], settings: RunSettings): void {
  if (!settings.expect) return;
  const wanted = settings.expect;
  const judged = results.length === 2 ? results[wanted === 'race' ? 0 : 1] : results[0];
  if (!judged) return;
  const { count } = judged.races;
  const trials = judged.options.trials;
  if (wanted === 'race' && count === 0) {
    const within = settings.budgetMs === undefined ? '' : ` (the budget of ${settings.budgetMs / 1000} s is spent)`;
    throw new ExpectationError(`expected a race, but none of ${trials} ${trials === 1 ? 'trial' : 'trials'} raced${within}`);
  }
  if (wanted === 'safe' && count > 0) {
    throw new ExpectationError(`expected no race, but ${count} of ${trials} ${trials === 1 ? 'trial' : 'trials'} raced`);
  }
}
