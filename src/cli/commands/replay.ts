// `racedemo explore <scenario> --replay TOKEN`: rerun the one schedule a
// token names (from explore's witnesses or run --trace) and show its trace.
import { checkTokenFits, replaySchedule } from '../../explore/replay.js';
import type { DocumentFormat, ExploreFlags } from '../options.js';
import type { Scenario } from '../../scenario/api.js';
import { SCHEMA_VERSION, tool } from '../../report/documents.js';
import { environment } from '../../report/environment.js';
import type { ReplayDocument } from '../../report/guards.js';
import { htmlReport } from '../../report/html.js';
import { renderReplayTable } from '../../report/replay-table.js';
import { encodeToken, type ReplaySchedule } from '../../report/token.js';
import type { ColourContext } from '../output.js';

export async function replayCommand(scenario: Scenario, replay: ReplaySchedule, flags: ExploreFlags, format: DocumentFormat, { out: output, palette }: ColourContext): Promise<void> {
  checkTokenFits(replay, { scenario: scenario.name, workers: flags.workers, iterations: flags.iterations, lock: flags.lock !== false });
  const result = await replaySchedule(scenario, replay);
  const document: ReplayDocument = { schemaVersion: SCHEMA_VERSION, kind: 'replay', tool, environment: environment(), token: encodeToken(replay), ...result };
  if (format === 'json') return output.line(JSON.stringify(document, null, 2));
  if (format === 'html') return output.write(htmlReport([document], scenario));
  output.write(renderReplayTable(document, palette));
}
