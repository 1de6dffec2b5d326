// The PostgreSQL matrix: every chosen spec at every chosen level, one after
// the other on one monitor connection, and its three renderings: the table
// (anomalies × levels), one test's timeline with the paragraph on why, and
// the JSON document.
import { sanitize } from '../trust/text.js';
import { environment } from '../report/environment.js';
import type pg from 'pg';
import { grid } from '../report/grid.js';
import { connect } from '../stores/postgres.js';
import { wrapWords } from '../report/fit.js';
import { lessons } from './explain.js';
import { runSpec, type TestRun } from './postgres.js';
import { specs } from './specs.js';
import { sessionNames, type Anomaly, type IsolationDocument, type Level, type Verdict } from './types.js';

export interface MatrixRun {
  server: string;
  runs: TestRun[];
}

export async function runMatrix(url: string, chosen: { levels: readonly Level[]; anomalies: readonly Anomaly[] }, signal: AbortSignal): Promise<MatrixRun> {
  const monitor = await connect(url);
  try {
    const server = await serverVersion(monitor);
    const runs: TestRun[] = [];
    for (const level of chosen.levels) {
      for (const anomaly of chosen.anomalies) {
        signal.throwIfAborted();
        runs.push(await runSpec(url, monitor, specs[anomaly], level, signal));
      }
    }
    return { server, runs };
  } finally {
    await monitor.end().catch(() => {});
  }
}

async function serverVersion(client: pg.Client): Promise<string> {
  const result = await client.query<{ version: string }>("SELECT current_setting('server_version') AS version");
  return sanitize(String(result.rows[0]?.version ?? 'unknown'));
}

export function matrixDocument({ server, runs }: MatrixRun): IsolationDocument {
  const byLevel = new Map<Level, Record<string, Verdict>>();
  for (const run of runs) {
    const cells = byLevel.get(run.level) ?? {};
    cells[run.spec.anomaly] = run.verdict;
    byLevel.set(run.level, cells);
  }
  const levels = [...byLevel].map(([level, cells]) => ({ level, anomalies: cells as Record<Anomaly, Verdict> }));
  return { schemaVersion: 1, kind: 'isolation', environment: environment(), store: 'postgres', server, levels };
}

export const cellText = (verdict: Verdict): string => (verdict.result === 'occurs' ? 'occurs' : `prevented (${verdict.how})`);

export function renderMatrix({ server, runs }: MatrixRun, where: string): string {
  const levels = [...new Set(runs.map((run) => run.level))];
  const anomalies = [...new Set(runs.map((run) => run.spec.anomaly))];
  const cell = (anomaly: Anomaly, level: Level): string => {
    const run = runs.find((candidate) => candidate.level === level && candidate.spec.anomaly === anomaly);
    return run ? cellText(run.verdict) : '';
  };
  const rows = anomalies.map((anomaly) => [anomaly, lessons[anomaly].name, ...levels.map((level) => cell(anomaly, level))]);
  return [
    `isolation anomalies on PostgreSQL ${server} (${where}), each test run on the server:`,
    grid(['anomaly', '', ...levels], ['left', 'left', ...levels.map(() => 'left' as const)], rows),
    '',
    'prevented (blocked): a session waited on a lock; (aborted): the server aborted a session (40001, 40P01);',
    '(snapshot): the reads never saw the anomaly. read uncommitted is read committed in PostgreSQL.',
    "Trace one cell: racedemo isolation --store … --test P4 --level 'read committed'",
  ].join('\n');
}

export function renderTimeline(run: TestRun): string {
  const used = sessionNames.filter((name) => run.timeline.some((entry) => entry.session === name));
  const rows = run.timeline.map((entry, index) => {
    const text = [entry.sql, entry.outcome].filter(Boolean).join('  ');
    return [String(index + 1), ...used.map((name) => (name === entry.session ? text : ''))];
  });
  const { anomaly, title } = run.spec;
  const kind = run.verdict.result === 'occurs' ? 'occurs' : run.verdict.how;
  const why = lessons[anomaly].why[kind] ?? '';
  const fates = Object.entries(run.observed.fates)
    .map(([name, fate]) => `${name} ${fate.end === 'aborted' ? `aborted (${fate.sqlstate})` : fate.end}${fate.blocked ? ' after being blocked' : ''}`)
    .join(', ');
  return [
    `${anomaly} at ${run.level}: ${title}`,
    grid(['#', ...used], ['right', ...used.map(() => 'left' as const)], rows),
    '',
    `fates: ${fates}`,
    `${anomaly} ${cellText(run.verdict)}: ${run.verdict.evidence}`,
    '',
    ...wrapWords(why, 78),
  ].join('\n');
}
