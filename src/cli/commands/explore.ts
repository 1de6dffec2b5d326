// `racedemo explore`: every possible outcome of a scenario's worker bodies,
// found by running them under a deterministic scheduler in this thread.
import { explore } from '../../explore/explore.js';
import { documentFormatOf, type DocumentFormat, type ExploreFlags } from '../options.js';
import { loadScenario } from '../../scenario/catalog.js';
import { SCHEMA_VERSION, tool } from '../../report/documents.js';
import { environment } from '../../report/environment.js';
import { htmlReport } from '../../report/html.js';
import { renderExploreTable } from '../../report/explore-table.js';
import type { ColourContext } from '../output.js';
import { withRunSignals } from '../signals.js';
import { withStrayErrors } from '../../explore/stray.js';

export async function exploreCommand(reference: string, flags: ExploreFlags, context: ColourContext): Promise<void> {
  environment(); // the load average as the command starts, not after its own work
  const format = documentFormatOf(flags);
  // Ctrl-C, a closed or failed stdout: the same ends as for run.
  await withRunSignals(context.out, (signal) => exploreAndRender(reference, flags, format, context, signal), context.signal);
}

async function exploreAndRender(reference: string, flags: ExploreFlags, format: DocumentFormat, context: ColourContext, signal: AbortSignal): Promise<void> {
  const { out: output } = context;
  const { scenario } = await loadScenario(reference);
  if (flags.replay) {
    const { replayCommand } = await import('./replay.js');
    const replay = flags.replay;
    return withStrayErrors(signal, () => replayCommand(scenario, replay, flags, format, context));
  }
  const result = await withStrayErrors(signal, (guarded) => explore({
    signal: guarded,
    scenario,
    workload: { workers: flags.workers, iterations: flags.iterations, window: 0, pause: 0 },
    lock: flags.lock !== false,
    mode:
      flags.seed === undefined
        ? { kind: 'exhaustive', maxSchedules: flags.maxSchedules }
        : { kind: 'sampled', seed: flags.seed, schedules: flags.schedules },
  }));
  const document = { schemaVersion: SCHEMA_VERSION, kind: 'explore' as const, tool, environment: environment(), ...result };
  if (format === 'json') return output.line(JSON.stringify(document, null, 2));
  if (format === 'html') return output.write(htmlReport([document], scenario));
  output.write(renderExploreTable(result, context.palette, context.width, flags.witnesses));
}
