// `racedemo isolation --store URL`: which anomalies the server's isolation
// levels let through (PostgreSQL), or which read-modify-write patterns lose
// updates (Redis); with --fixes, the lost-update counter raced for real once
// per fix. As a table, JSON, one HTML page or JUnit XML. Options are
// validated here, once, each error naming its option.
import type { Context, Output } from '../cli/output.js';
import { withRunSignals } from '../cli/signals.js';
import { UsageError } from '../errors.js';
import { documentFormatOf, type ReportFormat } from '../cli/options.js';
import { whole } from '../cli/parsers.js';
import { displayUrl, parseStoreOption, storeMessage } from '../stores/store.js';
import type { FixesDocument, IsolationDocument } from '../report/guards.js';
import { fixDefaults, type IsolationFlags } from './options.js';
import { anomalies, levels, type Anomaly, type Level } from './types.js';

function chooseAnomaly(text: string | undefined): Anomaly | undefined {
  if (text === undefined) return undefined;
  const found = anomalies.find((name) => name.toLowerCase() === text.toLowerCase());
  if (!found) throw new UsageError(`--test must be one of ${anomalies.join(', ')} (got '${text}')`);
  return found;
}

function chooseLevel(text: string | undefined): Level | undefined {
  if (text === undefined) return undefined;
  const wanted = text.toLowerCase().replaceAll(/[-_\s]+/g, ' ').trim();
  if (wanted === 'read uncommitted') throw new UsageError("--level read uncommitted is read committed in PostgreSQL: use --level 'read committed'");
  const found = levels.find((level) => level === wanted);
  if (!found) throw new UsageError(`--level must be one of ${levels.map((level) => `'${level}'`).join(', ')} (got '${text}')`);
  return found;
}

export async function isolationCommand(flags: IsolationFlags, context: Context): Promise<void> {
  const store = parseStoreOption(flags.store);
  if (store.kind === 'memory') throw new UsageError('isolation runs on a database: give --store postgres://… or redis://…');
  const test = chooseAnomaly(flags.test);
  const level = chooseLevel(flags.level);
  const trials = flags.trials === undefined ? fixDefaults.trials : whole('--trials', 1, 10_000)(flags.trials);
  const workers = flags.workers === undefined ? fixDefaults.workers : whole('--workers', 2, 64)(flags.workers);
  const format = documentFormatOf(flags);
  const asked = format === 'json' && flags.json ? '--json' : `--format ${format}`;
  if (format !== 'table' && test) throw new UsageError(`${asked} gives the whole matrix: leave out --test, or leave out ${asked} for the timeline`);
  if (flags.fixes && (test || level)) throw new UsageError('--fixes races every fix: leave out --test and --level');
  if (store.kind === 'redis' && flags.fixes) throw new UsageError('--fixes is for PostgreSQL: on Redis, the matrix itself races each pattern for real');
  if (store.kind === 'redis' && (test || level)) throw new UsageError('--test and --level are for PostgreSQL; Redis has no isolation levels');
  const output = context.out;
  await withRunSignals(output, (signal) => runAndRender(store, { flags, test, level, trials, workers, format }, output, signal).catch(refusedByServer), context.signal);
}

/** PostgreSQL's insufficient_privilege (42501): the role cannot make the test's schema; say which grant it needs. */
function refusedByServer(error: unknown): never {
  if ((error as { code?: unknown }).code === '42501') {
    throw new UsageError(`the store refused: ${storeMessage(error)}; isolation needs a role that may create a schema (GRANT CREATE ON DATABASE … TO the role)`, { cause: error });
  }
  throw error;
}

interface Chosen {
  flags: IsolationFlags;
  test: Anomaly | undefined;
  level: Level | undefined;
  trials: number;
  workers: number;
  format: ReportFormat;
}

async function runAndRender(store: { kind: 'postgres' | 'redis'; url: string }, { flags, test, level, trials, workers, format }: Chosen, output: Output, signal: AbortSignal): Promise<void> {
  if (flags.fixes) {
    const { runFixes, renderFixes, fixesDocument } = await import('./fixes.js');
    const result = await runFixes(store.url, { trials, workers, increments: fixDefaults.increments }, signal);
    if (format === 'table') output.line(renderFixes(result, displayUrl(store.url)));
    else output.write(await formatted(fixesDocument(result), format));
    return;
  }
  if (store.kind === 'redis') {
    const { runRedisMatrix, renderRedisMatrix, redisDocument } = await import('./redis.js');
    const result = await runRedisMatrix(store.url, signal);
    if (format === 'table') output.line(renderRedisMatrix(result, displayUrl(store.url)));
    else output.write(await formatted(redisDocument(result), format));
    return;
  }
  const { runMatrix, matrixDocument, renderMatrix, renderTimeline } = await import('./matrix.js');
  const chosen = { levels: level ? [level] : levels, anomalies: test ? [test] : anomalies };
  const result = await runMatrix(store.url, chosen, signal);
  if (format !== 'table') output.write(await formatted(matrixDocument(result), format));
  else if (test) output.line(result.runs.map(renderTimeline).join('\n\n'));
  else output.line(renderMatrix(result, displayUrl(store.url)));
}

/** The document as JSON, one HTML page, or JUnit XML (a test case per cell, see docs/reports.md). */
async function formatted(document: IsolationDocument | FixesDocument, format: Exclude<ReportFormat, 'table'>): Promise<string> {
  if (format === 'json') return `${JSON.stringify(document, null, 2)}\n`;
  if (format === 'html') return (await import('../report/html.js')).htmlReport([document]);
  const [{ junitXml }, { documentSuites }] = await Promise.all([import('../report/junit.js'), import('../report/junit-documents.js')]);
  return junitXml(documentSuites([document]));
}
