// `racedemo explore`: every possible outcome of a scenario's worker bodies,
// found by running them under a deterministic scheduler in this thread.
import { explore } from '../explore/explore.js';
import type { ExploreFlags } from '../options.js';
import { loadScenario } from '../scenarios.js';
import { colourEnabled, palette } from '../report/colour.js';
import { SCHEMA_VERSION, tool } from '../report/documents.js';
import { renderExploreTable } from '../report/explore-table.js';
import { Output } from './output.js';
import { outputWidth } from '../report/fit.js';

export async function exploreCommand(reference: string, flags: ExploreFlags): Promise<void> {
  const { scenario } = await loadScenario(reference);
  const output = new Output(process.stdout);
  const result = await explore({
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
  const colour = palette(colourEnabled({ flag: flags.color, env: process.env, stdoutIsTerminal: process.stdout.isTTY === true }));
  output.write(renderExploreTable(result, colour, outputWidth(), flags.witnesses));
}
