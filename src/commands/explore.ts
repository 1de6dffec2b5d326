// `racedemo explore`: every possible outcome of a scenario's worker bodies,
// found by running them under a deterministic scheduler in this thread.
import { explore } from '../explore/explore.js';
import { documentFormatOf, type ExploreFlags } from '../options.js';
import { loadScenario } from '../scenarios.js';
import { colourEnabled, palette } from '../report/colour.js';
import { SCHEMA_VERSION, tool } from '../report/documents.js';
import { environment } from '../report/environment.js';
import { htmlReport } from '../report/html.js';
import { renderExploreTable } from '../report/explore-table.js';
import { Output } from './output.js';

export async function exploreCommand(reference: string, flags: ExploreFlags): Promise<void> {
  environment(); // the load average as the command starts, not after its own work
  const format = documentFormatOf(flags);
  const { scenario } = await loadScenario(reference);
  const output = new Output(process.stdout);
  if (flags.replay) {
    const { replayCommand } = await import('./replay.js');
    return replayCommand(scenario, flags.replay, flags, format, output);
  }
  const result = await explore({
    scenario,
    workload: { workers: flags.workers, iterations: flags.iterations, window: 0, pause: 0 },
    lock: flags.lock !== false,
    mode:
      flags.seed === undefined
        ? { kind: 'exhaustive', maxSchedules: flags.maxSchedules }
        : { kind: 'sampled', seed: flags.seed, schedules: flags.schedules },
  });
  const document = { schemaVersion: SCHEMA_VERSION, kind: 'explore' as const, tool, environment: environment(), ...result };
  if (format === 'json') return output.line(JSON.stringify(document, null, 2));
  if (format === 'html') return output.write(htmlReport([document], scenario));
  const colour = palette(colourEnabled({ flag: flags.color, env: process.env, stdoutIsTerminal: process.stdout.isTTY === true }));
  output.write(renderExploreTable(result, colour));
}
