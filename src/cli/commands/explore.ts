// `racedemo explore`: every possible outcome of a scenario's worker bodies,
// found by running them under a deterministic scheduler in this thread.
import { explore } from '../../explore/explore.js';
import { documentFormatOf, type DocumentFormat, type ExploreFlags } from '../options.js';
import { loadScenario } from '../../scenario/catalog.js';
import { colourEnabled, palette } from '../../report/colour.js';
import { SCHEMA_VERSION, tool } from '../../report/documents.js';
import { environment } from '../../report/environment.js';
import { htmlReport } from '../../report/html.js';
import { renderExploreTable } from '../../report/explore-table.js';
import { Output, processIo, type Io } from '../output.js';
import { withRunSignals } from '../signals.js';
import { withStrayErrors } from '../../explore/stray.js';
import { outputWidth } from '../../report/fit.js';

export async function exploreCommand(reference: string, flags: ExploreFlags, io: Io = processIo()): Promise<void> {
  environment(); // the load average as the command starts, not after its own work
  const format = documentFormatOf(flags);
  const output = new Output(io.stdout);
  // Ctrl-C, a closed or failed stdout: the same ends as for run.
  await withRunSignals(output, (signal) => exploreAndRender(reference, flags, format, io, output, signal), io.signal);
}

async function exploreAndRender(reference: string, flags: ExploreFlags, format: DocumentFormat, io: Io, output: Output, signal: AbortSignal): Promise<void> {
  const { scenario } = await loadScenario(reference);
  if (flags.replay) {
    const { replayCommand } = await import('./replay.js');
    const replay = flags.replay;
    return withStrayErrors(signal, () => replayCommand(scenario, replay, flags, format, output, io));
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
  const colour = palette(colourEnabled({ flag: flags.color, env: io.env, stdoutIsTerminal: io.stdout.isTTY === true }));
  output.write(renderExploreTable(result, colour, outputWidth(io.stdout), flags.witnesses));
}
