// Every `run`, `explore` and `sweep` option in one typed table (the compiler
// keeps it complete), each value checked once, up front, by a parser of
// parsers.ts. program.ts loads this to build the commands, so it stays light:
// resolving a run's settings is in run/settings.ts.
import { UsageError } from '../errors.js';
import { limits } from '../limits.js';
import { decodeToken, type ReplaySchedule } from '../report/token.js';
import { thousands } from '../report/values.js';
import { engineNames, type EngineName } from '../scenario/api.js';
import { parseStoreOption, storeLocks, type StoreChoice } from '../stores/store.js';
import { duration, milliseconds, millisecondsList, oneOf, whole } from './parsers.js';

export const formats = ['table', 'json', 'ndjson', 'csv', 'html', 'junit'] as const;
export type Format = (typeof formats)[number];

export const defaults = { trials: 20, timeout: 30_000 } as const;

/** The `run` flags as commander hands them over. */
export interface RunFlags {
  trials: number;
  lock?: boolean;
  compare?: boolean;
  engine?: EngineName;
  workers?: number;
  iterations?: number;
  window?: number;
  pause?: number;
  preset?: 'tutorial';
  timeout: number;
  format?: Format;
  json?: boolean;
  expect?: 'race' | 'safe';
  budget?: number;
  quiet?: boolean;
  color?: boolean;
  trace?: boolean;
  store?: StoreChoice;
  storeLock?: string;
  remoteWorkers?: number;
  secretFile?: string;
}

export interface OptionSpec {
  flags: string;
  description: string;
  parse?: (value: string) => unknown;
  /** Commander's own check of the value (its message, and "(choices: …)" in the help). */
  choices?: readonly string[];
  defaultValue?: unknown;
  /** A command without this option is refused. */
  required?: boolean;
  /** The --no-x twin of a boolean flag, with its description. */
  negation?: { flags: string; description: string };
}

export const runOptions: Record<keyof RunFlags, OptionSpec> = {
  trials: {
    flags: '-t, --trials <n>',
    description: `trials to run (${limits.trials.min}..${thousands(limits.trials.max)})`,
    parse: whole('--trials', limits.trials.min, limits.trials.max),
    defaultValue: defaults.trials,
  },
  lock: {
    flags: '--lock',
    description: 'guard the critical section (the default)',
    negation: { flags: '--no-lock', description: 'leave the critical section unguarded: let it race' },
  },
  compare: { flags: '--compare', description: 'run without and then with the lock, side by side' },
  engine: { flags: '-e, --engine <engine>', description: "threads or processes (default: the scenario's own)", parse: oneOf('--engine', engineNames) },
  workers: {
    flags: '-w, --workers <n>',
    description: `concurrent workers (${limits.workers.min}..${limits.workers.max}; default: the scenario's)`,
    parse: whole('--workers', limits.workers.min, limits.workers.max),
  },
  iterations: {
    flags: '-i, --iterations <n>',
    description: "loop count inside each worker (default: the scenario's)",
    parse: whole('--iterations', limits.iterations.min, limits.iterations.max),
  },
  window: { flags: '--window <ms>', description: "pause between a worker's read and its write: the race window", parse: milliseconds('--window') },
  pause: { flags: '--pause <ms>', description: 'pause between iterations', parse: milliseconds('--pause') },
  preset: { flags: '--preset <name>', description: "'tutorial': the original tutorial's timings (slow, faithful)", parse: oneOf('--preset', ['tutorial'] as const) },
  timeout: {
    flags: '--timeout <ms>',
    description: 'limit for one trial; a trial past it is reported as hung',
    parse: whole('--timeout', limits.timeout.min, limits.timeout.max),
    defaultValue: defaults.timeout,
  },
  format: { flags: '--format <format>', description: 'table, json, ndjson, csv, html or junit (default: table)', parse: oneOf('--format', formats) },
  json: { flags: '--json', description: 'same as --format json' },
  expect: { flags: '--expect <outcome>', description: 'exit 1 unless a race was seen (race) or none was (safe)', parse: oneOf('--expect', ['race', 'safe'] as const) },
  budget: {
    flags: '--budget <duration>',
    description: 'with --expect race: when --trials saw no race, go on until one races or this long has passed (30s, 5min)',
    parse: duration('--budget'),
  },
  quiet: { flags: '-q, --quiet', description: 'no progress, only the result' },
  trace: { flags: '--trace', description: 'show the interleaving of accesses in the first trial that raced' },
  store: {
    flags: '--store <url>',
    description: 'where the shared slots live: memory (the default), postgres://… or redis://… (a row or key per slot)',
    parse: parseStoreOption,
  },
  storeLock: {
    flags: '--store-lock <kind>',
    description: "the store's own lock: for-update (default) or advisory on PostgreSQL; set-nx (default) or watch on Redis",
    parse: oneOf('--store-lock', [...new Set(Object.values(storeLocks).flat())]),
  },
  remoteWorkers: {
    flags: '--remote-workers <n>',
    description: "how many of the workers join from 'racedemo worker --store URL', on this or other machines (needs --store)",
    parse: whole('--remote-workers', 1, limits.workers.max),
  },
  secretFile: {
    flags: '--secret-file <path>',
    description: 'with --remote-workers: the file holding the secret shared with the workers (default: RACEDEMO_SECRET)',
  },
  color: {
    flags: '--color',
    description: 'force colour on (default: FORCE_COLOR, then NO_COLOR, then only on a terminal)',
    negation: { flags: '--no-color', description: 'force colour off' },
  },
};

/** The `explore` flags as commander hands them over. */
export interface ExploreFlags {
  workers: number;
  iterations: number;
  lock?: boolean;
  maxSchedules: number;
  seed?: number;
  schedules: number;
  witnesses: 'two' | 'all' | 'none';
  json?: boolean;
  format?: DocumentFormat;
  replay?: ReplaySchedule;
  color?: boolean;
}

/** The formats of commands that print one document (explore, sweep). */
export const documentFormats = ['table', 'json', 'html'] as const;
export type DocumentFormat = (typeof documentFormats)[number];
/** The formats of commands whose documents are also test results (litmus, isolation). */
export const reportFormats = ['table', 'json', 'html', 'junit'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** --json or --format, refusing both when they disagree. */
export function documentFormatOf<F extends string = DocumentFormat>(flags: { json?: boolean; format?: F }): F | 'json' | 'table' {
  if (flags.json && flags.format && flags.format !== 'json') throw new UsageError(`--json and --format ${flags.format} ask for different formats; give one`);
  return flags.json ? 'json' : (flags.format ?? 'table');
}
const documentFormat: OptionSpec = { flags: '--format <format>', description: 'table, json or html (default: table)', parse: oneOf('--format', documentFormats) };

export const exploreOptions: Record<keyof ExploreFlags, OptionSpec> = {
  workers: { flags: '-w, --workers <n>', description: 'workers (2..8)', parse: whole('--workers', 1, 8), defaultValue: 2 },
  iterations: { flags: '-i, --iterations <n>', description: 'loop count inside each worker', parse: whole('--iterations', 1, 1000), defaultValue: 1 },
  lock: { ...runOptions.lock },
  maxSchedules: {
    flags: '--max-schedules <n>',
    description: 'stop enumerating after this many schedules',
    parse: whole('--max-schedules', 1, 10_000_000),
    defaultValue: 10_000,
  },
  seed: { flags: '--seed <n>', description: 'sample random schedules from this seed instead (reproducible)', parse: whole('--seed', 0, 2 ** 32 - 1) },
  schedules: { flags: '--schedules <n>', description: 'how many schedules to sample with --seed', parse: whole('--schedules', 1, 10_000_000), defaultValue: 1000 },
  witnesses: {
    flags: '--witnesses <which>',
    description: "schedules to draw: two (the expected one and the commonest race), all, or none",
    parse: oneOf('--witnesses', ['two', 'all', 'none'] as const),
    defaultValue: 'two',
  },
  json: { flags: '--json', description: 'print one JSON document' },
  format: documentFormat,
  replay: { flags: '--replay <token>', description: 'rerun the one schedule a token from explore or run --trace names, and show its trace', parse: (text: string) => decodeToken(text) },
  color: { ...runOptions.color },
};

/** The `sweep` flags: the run flags, with --window or --pause as a list. */
export interface SweepFlags {
  trials: number;
  lock?: boolean;
  engine?: EngineName;
  workers?: number;
  iterations?: number;
  window?: number[];
  pause?: number[];
  timeout: number;
  store?: StoreChoice;
  storeLock?: string;
  json?: boolean;
  format?: DocumentFormat;
  quiet?: boolean;
  color?: boolean;
}

export const sweepOptions: Record<keyof SweepFlags, OptionSpec> = {
  trials: { ...runOptions.trials, description: 'trials at each value' },
  lock: { flags: '--lock', description: 'guard the critical section', negation: { flags: '--no-lock', description: 'let it race (the default for sweep)' } },
  engine: runOptions.engine,
  workers: runOptions.workers,
  iterations: runOptions.iterations,
  window: { flags: '--window <list>', description: 'race windows to try, in ms, comma-separated (0,0.01,0.1,1)', parse: millisecondsList('--window') },
  pause: { flags: '--pause <list>', description: 'pauses between iterations to try, in ms, comma-separated', parse: millisecondsList('--pause') },
  timeout: runOptions.timeout,
  store: runOptions.store,
  storeLock: runOptions.storeLock,
  json: { flags: '--json', description: 'print one JSON document' },
  format: documentFormat,
  quiet: runOptions.quiet,
  color: runOptions.color,
};
