// A run's settings, resolved once from the scenario's defaults, --preset and
// the flags (already parsed by options.ts), with the checks that need more than
// one flag: --budget, --store and --store-lock, --remote-workers and the secret.
import { UsageError } from '../errors.js';
import type { Format, RunFlags } from '../cli/options.js';
import type { EngineName, Scenario, Workload } from '../scenario/api.js';
import { storeLockFor, type StoreChoice, type StoreKind, type StoreLockKind } from '../stores/store.js';
import { loadSecret } from '../trust/secret.js';
import { checkPartialWorkload, checkWorkload } from '../trust/workload.js';

/** The run as it will happen, every default filled in. */
export interface RunSettings {
  trials: number;
  locks: boolean[];
  engine: EngineName;
  workload: Workload;
  timeoutMs: number;
  format: Format;
  expect: 'race' | 'safe' | undefined;
  /** --budget, in ms: how long the unlocked run may look for a race. */
  budgetMs: number | undefined;
  trace: boolean;
  /** Where the slots live, when not in the engine's memory. */
  store: RunStore | undefined;
  /** Workers that join from `racedemo worker` (0 without --remote-workers). */
  remoteWorkers: number;
  /** With remote workers: the key that signs every message to and from them. */
  secret: Buffer | undefined;
}

/** A store as a run uses it: which, where, and how it locks. */
export interface RunStore {
  kind: StoreKind;
  url: string;
  lock: StoreLockKind;
}

export function resolveRunSettings(flags: RunFlags, scenario: Scenario): RunSettings {
  if (flags.json && flags.format && flags.format !== 'json') {
    throw new UsageError(`--json and --format ${flags.format} ask for different formats; give one`);
  }
  const preset = flags.preset === 'tutorial' ? checkPartialWorkload(scenario.tutorial ?? {}, `--preset tutorial of ${scenario.name}`, 'tutorial') : {};
  const given: Partial<Workload> = {};
  for (const key of ['workers', 'iterations', 'window', 'pause'] as const) {
    const value = flags[key];
    if (value !== undefined) given[key] = value;
  }
  // Flags are checked by their parsers, defaults and presets where they are loaded; this is the one last gate.
  const workload = checkWorkload({ ...scenario.defaults, ...preset, ...given }, scenario.name, 'workload');
  if (flags.budget !== undefined && flags.expect !== 'race') throw new UsageError('--budget needs --expect race: it is how long to look for a race');
  if (flags.budget !== undefined && flags.lock !== false && !flags.compare) throw new UsageError('--budget needs --no-lock (or --compare): a locked run is not looking for a race');
  const store = resolveStore(flags);
  if (!store && flags.remoteWorkers) throw new UsageError('--remote-workers needs --store postgres://… or redis://…: remote workers meet there');
  const remoteWorkers = flags.remoteWorkers ?? 0;
  if (remoteWorkers > workload.workers) {
    throw new UsageError(`--remote-workers ${remoteWorkers} is more than the ${workload.workers} workers of the run; raise --workers`);
  }
  return {
    trials: flags.trials,
    locks: flags.compare ? [false, true] : [flags.lock !== false],
    engine: flags.engine ?? scenario.engine,
    workload,
    timeoutMs: flags.timeout,
    format: flags.json ? 'json' : (flags.format ?? 'table'),
    expect: flags.expect,
    budgetMs: flags.budget,
    // The HTML page steps through the first raced trial, so it records one.
    trace: flags.trace === true || flags.format === 'html',
    store,
    remoteWorkers,
    secret: remoteWorkers > 0 ? loadSecret(flags.secretFile) : undefined,
  };
}

/** The store of --store and --store-lock, checked against each other; undefined for memory. */
export function resolveStore(flags: { store?: StoreChoice; storeLock?: string }): RunStore | undefined {
  const store = flags.store?.kind === 'postgres' || flags.store?.kind === 'redis' ? flags.store : undefined;
  if (!store) {
    if (flags.storeLock) throw new UsageError('--store-lock needs --store postgres://… or redis://…');
    return undefined;
  }
  return { ...store, lock: storeLockFor(store.kind, flags.storeLock) };
}
