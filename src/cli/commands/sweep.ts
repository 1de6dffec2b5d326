// `racedemo sweep`: the same scenario at several windows (or pauses), one
// series of trials each, to show how the race rate grows with the window.
import { UsageError } from '../../errors.js';
import { documentFormatOf, type SweepFlags } from '../options.js';
import { resolveTrials } from '../../run/settings.js';
import { runTrials } from '../../run/runner.js';
import { loadScenario } from '../../scenario/catalog.js';
import { SCHEMA_VERSION, tool } from '../../report/documents.js';
import { environment } from '../../report/environment.js';
import { htmlReport } from '../../report/html.js';
import { renderSweepTable, type SweepPoint } from '../../report/sweep-table.js';
import type { ColourContext } from '../output.js';
import { withRunSignals } from '../signals.js';

export async function sweepCommand(reference: string, flags: SweepFlags, context: ColourContext): Promise<void> {
  environment(); // the load average as the command starts, not after its own work
  if (flags.window && flags.pause) throw new UsageError('sweep one thing at a time: give --window or --pause, not both');
  const variable: 'window' | 'pause' = flags.pause ? 'pause' : 'window';
  const values = flags.pause ?? flags.window;
  if (!values) throw new UsageError('give the values to sweep, e.g. --window 0,0.01,0.1,1');
  const format = documentFormatOf(flags);
  const loaded = await loadScenario(reference);
  // Without --lock, a sweep lets the workers race: the race rate is what it measures.
  const settings = resolveTrials(flags, loaded.scenario, { lock: false });
  const { out: output } = context;
  const points: SweepPoint[] = [];
  await withRunSignals(output, async (signal) => {
    for (const value of values) {
      if (context.progress) context.stderr.write(`\r\x1b[K${variable} ${value} ms…`);
      const run = await runTrials({
        loaded,
        engine: settings.engine,
        lock: settings.lock,
        trials: settings.trials,
        workload: { ...settings.workload, [variable]: value },
        timeoutMs: settings.timeoutMs,
        ...(settings.store ? { store: settings.store } : {}),
        signal,
      });
      points.push({ value, run });
    }
    if (context.progress) context.stderr.write('\r\x1b[K');
    const document = { schemaVersion: SCHEMA_VERSION, kind: 'sweep' as const, tool, environment: environment(), variable, points };
    if (format === 'json') return output.line(JSON.stringify(document, null, 2));
    if (format === 'html') return output.write(htmlReport([document], loaded.scenario));
    output.write(renderSweepTable(variable, points, context.palette));
  }, context.signal);
}
