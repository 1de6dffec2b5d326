// The vocabulary of `racedemo isolation`: the isolation levels PostgreSQL
// offers, the anomalies each test looks for, a test's spec (sessions and their
// statements in a fixed order), what a run of it observed, the verdict drawn
// from those observations, and the JSON document with its runtime guard.

import type { Environment } from '../report/environment.js';

/** PostgreSQL's levels. READ UNCOMMITTED is accepted by the server but behaves as READ COMMITTED. */
export const levels = ['read committed', 'repeatable read', 'serializable'] as const;
export type Level = (typeof levels)[number];

/** The anomalies, in the order of Adya's and Bailis et al.'s tables. */
export const anomalies = ['G0', 'G1a', 'G1b', 'G1c', 'OTV', 'PMP', 'P4', 'G-single', 'G2-item', 'G2'] as const;
export type Anomaly = (typeof anomalies)[number];

export const sessionNames = ['T1', 'T2', 'T3'] as const;
export type SessionName = (typeof sessionNames)[number];

export interface Row {
  id: number;
  value: number;
}

/** What the steps before this one read, by the step's `as` label. */
export type Seen = (label: string) => Row[];

export interface Step {
  session: SessionName;
  /** The SQL, or SQL computed from earlier reads (a client that writes back what it read). */
  sql: string | ((seen: Seen) => string);
  /** Names the rows this step returns, for later steps and the judge. */
  as?: string;
}

/**
 * How a session ended. `blocked`: the server made one of its statements wait
 * on another session's lock (pg_blocking_pids) before it went on.
 */
export type Fate =
  | { end: 'committed'; blocked: boolean }
  | { end: 'rolled back'; blocked: boolean }
  | { end: 'aborted'; sqlstate: string; message: string; blocked: boolean };

export interface Observed {
  seen: Seen;
  fates: Partial<Record<SessionName, Fate>>;
  /** The table after every session ended, ordered by id. */
  final: Row[];
}

/** A judge's finding: whether the anomaly showed, and the observations that say so. */
export interface Finding {
  occurs: boolean;
  evidence: string;
}

export interface Spec {
  anomaly: Anomaly;
  title: string;
  /** The rows of `test (id, value)` before the sessions start. */
  rows: Row[];
  steps: Step[];
  judge(observed: Observed): Finding;
}

/** How a level kept an anomaly out: a session waited, a session was aborted, or the reads simply never saw it (MVCC snapshots). */
export const preventions = ['blocked', 'aborted', 'snapshot'] as const;
export type Prevention = (typeof preventions)[number];

export type Verdict = { result: 'occurs'; evidence: string } | { result: 'prevented'; how: Prevention; evidence: string };

export interface LevelResult {
  level: Level;
  anomalies: Record<Anomaly, Verdict>;
}

export interface IsolationDocument {
  schemaVersion: 1;
  kind: 'isolation';
  /** The machine it ran on (as in every racedemo document). */
  environment: Environment;
  store: 'postgres';
  server: string;
  levels: LevelResult[];
}

/** Whether `value` is an isolation document: every level once, exactly the ten anomalies, each a well-formed verdict. */
export function isIsolationDocument(value: unknown): value is IsolationDocument {
  if (!isObject(value)) return false;
  const { schemaVersion, kind, store, server, levels: found } = value;
  if (schemaVersion !== 1 || kind !== 'isolation' || store !== 'postgres' || typeof server !== 'string') return false;
  if (!Array.isArray(found) || found.length === 0) return false;
  const names = found.map((entry: unknown) => (isObject(entry) ? entry.level : undefined));
  if (new Set(names).size !== names.length) return false;
  return found.every(isLevelResult);
}

function isLevelResult(value: unknown): boolean {
  if (!isObject(value) || !(levels as readonly unknown[]).includes(value.level) || !isObject(value.anomalies)) return false;
  const cells = value.anomalies;
  const keys = Object.keys(cells);
  return keys.length === anomalies.length && anomalies.every((name) => isVerdict(cells[name]));
}

export function isVerdict(value: unknown): value is Verdict {
  if (!isObject(value) || typeof value.evidence !== 'string') return false;
  if (value.result === 'occurs') return !('how' in value);
  return value.result === 'prevented' && (preventions as readonly unknown[]).includes(value.how);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The verdict from a judge's finding and the sessions' fates: aborted beats blocked beats snapshot. */
export function verdictOf(finding: Finding, fates: Observed['fates']): Verdict {
  if (finding.occurs) return { result: 'occurs', evidence: finding.evidence };
  const all = Object.values(fates);
  const how: Prevention = all.some((fate) => fate.end === 'aborted') ? 'aborted' : all.some((fate) => fate.blocked) ? 'blocked' : 'snapshot';
  return { result: 'prevented', how, evidence: finding.evidence };
}
