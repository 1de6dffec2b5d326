// Runtime guards for racedemo's JSON documents as `racedemo report` reads
// them back from a file: each kind is checked for the fields its renderer
// uses, and the first problem becomes one line naming the field.
import type { ExploreResult } from '../explore/explore.js';
import type { ReplayResult } from '../explore/replay.js';
import type { ComparisonDocument, RunDocument } from './documents.js';
import type { Environment } from './environment.js';
import type { SweepPoint } from './sweep-table.js';
import type { LitmusDocument } from '../litmus/report.js';
import type { IsolationDocument as PostgresIsolationDocument } from '../isolation/types.js';
import type { RedisIsolationDocument } from '../isolation/redis.js';
import type { FixesDocument } from '../isolation/fixes.js';

/** What every document starts with; `tool` is absent from hand-written ones. */
interface DocumentHead {
  schemaVersion: number;
  tool?: { name: string; version: string; node: string };
  environment?: Environment;
}

export interface SweepDocument extends DocumentHead {
  kind: 'sweep';
  variable: 'window' | 'pause';
  points: SweepPoint[];
}
export interface ExploreDocument extends ExploreResult, DocumentHead {
  kind: 'explore';
}
/** The real documents of `litmus` and `isolation`, checked below field by field. */
export type { LitmusDocument, PostgresIsolationDocument, RedisIsolationDocument, FixesDocument };
export type IsolationDocument = PostgresIsolationDocument | RedisIsolationDocument;

export interface ReplayDocument extends ReplayResult, DocumentHead {
  kind: 'replay';
  token: string;
}

export type AnyDocument =
  | RunDocument
  | ComparisonDocument
  | SweepDocument
  | ExploreDocument
  | ReplayDocument
  | LitmusDocument
  | IsolationDocument
  | FixesDocument;
export type DocumentKind = AnyDocument['kind'];

/** Thrown with the path of the first field that is not as expected. */
export class ShapeError extends Error {}

type Check = (value: unknown, path: string) => void;

const fail = (path: string, wanted: string): never => {
  throw new ShapeError(`${path} should be ${wanted}`);
};
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const string: Check = (value, path) => void (typeof value === 'string' || fail(path, 'text'));
const number: Check = (value, path) => void ((typeof value === 'number' && Number.isFinite(value)) || fail(path, 'a number'));
const boolean: Check = (value, path) => void (typeof value === 'boolean' || fail(path, 'true or false'));
const any: Check = () => {};
const literal = (...choices: string[]): Check => (value, path) => void (choices.includes(value as string) || fail(path, `one of ${choices.join(', ')}`));
const array = (item: Check): Check => (value, path) => {
  if (!Array.isArray(value)) fail(path, 'a list');
  (value as unknown[]).forEach((entry, index) => item(entry, `${path}[${index}]`));
};
const optional = (check: Check): Check => (value, path) => void (value === undefined || check(value, path));
const nullable = (check: Check): Check => (value, path) => void (value === null || check(value, path));
const pair = (item: Check): Check => (value, path) => {
  if (!Array.isArray(value) || value.length !== 2) fail(path, 'a pair');
  (value as unknown[]).forEach((entry, index) => item(entry, `${path}[${index}]`));
};
/** An object of `item`s; with `keys`, only those keys. */
const record = (item: Check, keys?: readonly string[]): Check => (value, path) => {
  if (!isObject(value)) fail(path, 'an object');
  for (const [key, entry] of Object.entries(value as object)) {
    if (keys && !keys.includes(key)) fail(`${path}.${key.replace(/[^\w+-]/g, '?')}`, `one of ${keys.join(', ')}`);
    item(entry, `${path}.${key}`);
  }
};
const shape = (fields: Record<string, Check>): Check => (value, path) => {
  if (!isObject(value)) fail(path, 'an object');
  for (const [key, check] of Object.entries(fields)) check((value as Record<string, unknown>)[key], `${path}.${key}`);
};

const step: Check = (value, path) => {
  shape({ worker: number, op: literal('read', 'write', 'acquire'), us: optional(number) })(value, path);
  if ((value as { op: string }).op !== 'acquire') shape({ slot: string, index: optional(number), value: any })(value, path);
};
const trace = nullable(shape({ trial: number, steps: array(step), token: optional(string) }));
const run = shape({
  scenario: string,
  engine: string,
  lock: boolean,
  options: shape({ trials: number, workers: number, iterations: number, window: number, pause: number }),
  outcomes: array(shape({ trials: number, share: number, raced: boolean, lost: number, verdict: optional(string) })),
  races: shape({ count: number, rate: number, ci95: optional(array(number)) }),
  overlap: optional(shape({ trials: number, share: number })),
  lostUpdates: shape({ total: number, mean: number, max: number }),
  timing: shape({ totalMs: number, perTrialMs: shape({ mean: number, median: number }) }),
  trace: optional(trace),
});
// The choices the checks accept, tied to the real types at compile time: a
// grade, level or verdict added there fails the build here until checked.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Outcome = LitmusDocument['outcomes'][number];
type PostgresVerdict = PostgresIsolationDocument['levels'][number]['anomalies'][keyof PostgresIsolationDocument['levels'][number]['anomalies']];
type RedisVerdict = RedisIsolationDocument['patterns'][string];
const accesses = ['plain', 'atomics'] as const;
const grades = ['acceptable', 'interesting', 'forbidden'] as const;
const levels = ['read committed', 'repeatable read', 'serializable'] as const;
const anomalies = ['G0', 'G1a', 'G1b', 'G1c', 'OTV', 'PMP', 'P4', 'G-single', 'G2-item', 'G2'] as const;
const postgresHow = ['blocked', 'aborted', 'snapshot'] as const;
const redisHow = ['aborted', 'atomic'] as const;
const choicesMatchTheTypes: [
  Same<(typeof accesses)[number], LitmusDocument['access']>,
  Same<(typeof grades)[number], Outcome['grade']>,
  Same<(typeof levels)[number], PostgresIsolationDocument['levels'][number]['level']>,
  Same<(typeof anomalies)[number], keyof PostgresIsolationDocument['levels'][number]['anomalies']>,
  Same<(typeof postgresHow)[number], Extract<PostgresVerdict, { how: string }>['how']>,
  Same<(typeof redisHow)[number], Extract<RedisVerdict, { how: string }>['how']>,
] = [true, true, true, true, true, true];
void choicesMatchTheTypes;

// litmus, as src/litmus/report.ts writes it (one document, or a list of them for `all` or both modes).
const litmus = shape({
  test: string,
  access: literal(...accesses),
  samples: number,
  samplesPerSecond: number,
  elapsedMs: number,
  cpu: shape({ model: string, arch: string, cores: number }),
  v8: string,
  outcomes: array(
    shape({
      outcome: record(number),
      samples: number,
      frequency: number,
      grade: literal(...grades),
      description: string,
      interval: optional(pair(number)),
    }),
  ),
});

// isolation on PostgreSQL (src/isolation/types.ts), on Redis (src/isolation/redis.ts), and --fixes (src/isolation/fixes.ts).
const verdict = (...how: string[]): Check => (value, path) => {
  shape({ result: literal('occurs', 'prevented'), evidence: string })(value, path);
  if ((value as { result: string }).result === 'prevented') literal(...how)((value as { how?: unknown }).how, `${path}.how`);
};
const postgresIsolation = shape({
  server: string,
  levels: array(shape({ level: literal(...levels), anomalies: record(verdict(...postgresHow), anomalies) })),
});
const redisIsolation = shape({
  server: string,
  patterns: record((value, path) => {
    verdict(...redisHow)(value, path);
    shape({ raced: shape({ updates: number, refused: number, lost: number }) })(value, path);
  }),
});
const isolation: Check = (value, path) => {
  const store = (value as { store?: unknown }).store;
  literal('postgres', 'redis')(store, `${path}.store`);
  (store === 'redis' ? redisIsolation : postgresIsolation)(value, path);
};
// Every number of a fix's result: the compiler keeps this list complete.
const fixNumbers: Record<Exclude<keyof FixesDocument['fixes'][number], 'fix' | 'level'>, Check> = {
  updates: number, acknowledged: number, failed: number, lostUpdates: number, trialsRaced: number,
  raceRate: number, updatesPerSecond: number, abortsPerUpdate: number, retriesPerUpdate: number, meanWaitMs: number,
};
const fixResult = shape(fixNumbers);
const isolationFixes = shape({
  store: literal('postgres'),
  server: string,
  trials: number,
  workers: number,
  increments: number,
  fixes: array((value, path) => {
    shape({ fix: string, level: string })(value, path);
    fixResult(value, path);
  }),
});

const environmentCheck = optional(
  shape({ cpu: string, cores: number, arch: string, os: string, node: string, v8: string, loadAverage: array(number) }),
);

const checks: Record<DocumentKind, Check> = {
  run,
  comparison: shape({
    runs: array(run),
    lockCost: number,
    lockCostInterval: optional(shape({ medianRatio: number, ci95: array(number), withinNoise: boolean })),
  }),
  sweep: shape({ variable: literal('window', 'pause'), points: array(shape({ value: number, run })) }),
  explore: shape({
    scenario: string,
    lock: boolean,
    options: shape({ workers: number, iterations: number }),
    complete: boolean,
    schedules: number,
    outcomes: array(shape({ schedules: number, share: number, raced: boolean, witness: array(step), token: optional(string) })),
  }),
  replay: shape({
    scenario: string,
    lock: boolean,
    token: string,
    options: shape({ workers: number, iterations: number }),
    raced: boolean,
    lost: number,
    steps: array(step),
  }),
  litmus,
  isolation,
  'isolation-fixes': isolationFixes,
};

export const documentKinds = Object.keys(checks) as DocumentKind[];

/** The document, typed by its kind; a ShapeError naming the first bad field otherwise. */
export function asDocument(value: unknown, path = 'document'): AnyDocument {
  if (!isObject(value)) fail(path, 'a JSON object');
  const { schemaVersion, kind } = value as Record<string, unknown>;
  if (schemaVersion !== 1) fail(`${path}.schemaVersion`, '1 (a document from another racedemo version?)');
  if (typeof kind !== 'string' || !(kind in checks)) fail(`${path}.kind`, `one of ${documentKinds.join(', ')}`);
  checks[kind as DocumentKind](value, path);
  environmentCheck((value as Record<string, unknown>).environment, `${path}.environment`);
  if (kind === 'comparison' && (value as { runs: unknown[] }).runs.length !== 2) fail(`${path}.runs`, 'two runs');
  return value as unknown as AnyDocument;
}

