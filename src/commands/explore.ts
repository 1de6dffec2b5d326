// `racedemo explore`: every possible outcome of a scenario's worker bodies,
// found by running them under a deterministic scheduler in this thread.
import { explore } from '../explore/explore.js';
import type { ExploreFlags } from '../options.js';
import { loadScenario } from '../scenarios.js';
import { colourEnabled, palette } from '../report/colour.js';
import { SCHEMA_VERSION, tool } from '../report/documents.js';
import { renderExploreTable } from '../report/explore-table.js';
import { Output, processIo, type Io } from './output.js';
import { withRunSignals } from './signals.js';

export async function exploreCommand(reference: string, flags: ExploreFlags, io: Io = processIo()): Promise<void> {
  const output = new Output(io.stdout);
  // Ctrl-C, a closed or failed stdout: the same ends as for run.
  await withRunSignals(output, (signal) => exploreAndRender(reference, flags, io, output, signal), io.signal);
}

async function exploreAndRender(reference: string, flags: ExploreFlags, io: Io, output: Output, signal: AbortSignal): Promise<void> {
  const { scenario } = await loadScenario(reference);
  const result = await explore({
    signal,
    scenario,
    workload: { workers: flags.workers, iterations: flags.iterations, window: 0, pause: 0 },
    lock: flags.lock !== false,
    mode:
      flags.seed === undefined
        ? { kind: 'exhaustive', maxSchedules: flags.maxSchedules }
        : { kind: 'sampled', seed: flags.seed, schedules: flags.schedules },
  });
  if (flags.json) {
    output.line(JSON.stringify({ schemaVersion: SCHEMA_VERSION, kind: 'explore', tool, ...result }, null, 2));
    return;
  }
  const colour = palette(colourEnabled({ flag: flags.color, env: io.env, stdoutIsTerminal: io.stdout.isTTY === true }));
  output.write(renderExploreTable(result, colour));
}
