// A run's settings, resolved once from the scenario's defaults, --preset and
// the flags (already parsed by options.ts), with the checks that need more than
// one flag: --budget, --store and --store-lock, --remote-workers and the secret.
// `run` and `sweep` share resolveTrials: the engine, the lock, the workload,
// the timeout and the store of their trials are decided there and nowhere else.
import { UsageError } from '../errors.js';
import { documentFormatOf, type Format, type RunFlags } from '../cli/options.js';
import type { EngineName, Scenario, Workload } from '../scenario/api.js';
import { storeLockFor, type StoreChoice, type StoreKind, type StoreLockKind } from '../stores/store.js';
import { loadSecret } from '../trust/secret.js';
import { checkPartialWorkload, checkWorkload } from '../trust/workload.js';

/** How each trial of a series runs, every default filled in: what run and sweep share. */
export interface TrialSettings {
  trials: number;
  engine: EngineName;
  lock: boolean;
  workload: Workload;
  timeoutMs: number;
  /** Where the slots live, when not in the engine's memory. */
  store: RunStore | undefined;
}

/** The flags run and sweep share (sweep's --window and --pause are lists: it varies them itself). */
export type TrialFlags = Pick<RunFlags, 'trials' | 'lock' | 'engine' | 'workers' | 'iterations' | 'timeout' | 'store' | 'storeLock'>;

/** What a command brings besides the flags. */
export interface TrialDefaults {
  /** The lock without --lock or --no-lock: run guards, sweep lets it race. */
  lock: boolean;
  /** Knobs over the scenario's defaults, under --workers and --iterations (run's --preset, --window, --pause). */
  workload?: Partial<Workload>;
}

/** The run as it will happen, every default filled in. */
export interface RunSettings extends Omit<TrialSettings, 'lock'> {
  /** One series per entry: [lock], or [false, true] with --compare. */
  locks: boolean[];
  format: Format;
  expect: 'race' | 'safe' | undefined;
  /** --budget, in ms: how long the unlocked run may look for a race. */
  budgetMs: number | undefined;
  trace: boolean;
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

/** The engine, lock, workload, timeout and store of a series of trials: the one place each default is chosen. */
export function resolveTrials(flags: TrialFlags, scenario: Scenario, defaults: TrialDefaults): TrialSettings {
  const given = definedOf({ workers: flags.workers, iterations: flags.iterations });
  // Flags are checked by their parsers, defaults and presets where they are loaded; this is the one last gate.
  const workload = checkWorkload({ ...scenario.defaults, ...defaults.workload, ...given }, scenario.name, 'workload');
  return {
    trials: flags.trials,
    engine: flags.engine ?? scenario.engine,
    lock: flags.lock ?? defaults.lock,
    workload,
    timeoutMs: flags.timeout,
    store: resolveStore(flags),
  };
}

export function resolveRunSettings(flags: RunFlags, scenario: Scenario): RunSettings {
  const format = documentFormatOf<Format>(flags);
  const preset = flags.preset === 'tutorial' ? checkPartialWorkload(scenario.tutorial ?? {}, `--preset tutorial of ${scenario.name}`, 'tutorial') : {};
  if (flags.budget !== undefined && flags.expect !== 'race') throw new UsageError('--budget needs --expect race: it is how long to look for a race');
  if (flags.budget !== undefined && flags.lock !== false && !flags.compare) throw new UsageError('--budget needs --no-lock (or --compare): a locked run is not looking for a race');
  const { lock, ...trials } = resolveTrials(flags, scenario, { lock: true, workload: { ...preset, ...definedOf({ window: flags.window, pause: flags.pause }) } });
  if (!trials.store && flags.remoteWorkers) throw new UsageError('--remote-workers needs --store postgres://… or redis://…: remote workers meet there');
  const remoteWorkers = flags.remoteWorkers ?? 0;
  if (remoteWorkers > trials.workload.workers) {
    throw new UsageError(`--remote-workers ${remoteWorkers} is more than the ${trials.workload.workers} workers of the run; raise --workers`);
  }
  // A trace merges steps on this machine's clock: remote workers' steps cannot join it, and half an interleaving would mislead.
  if (remoteWorkers > 0 && flags.trace) throw new UsageError('--trace shows the workers of this machine only: it cannot be used with --remote-workers');
  return {
    ...trials,
    locks: flags.compare ? [false, true] : [lock],
    format,
    expect: flags.expect,
    budgetMs: flags.budget,
    // The HTML page steps through the first raced trial, so it records one (when every worker is on this machine).
    trace: flags.trace === true || (flags.format === 'html' && remoteWorkers === 0),
    remoteWorkers,
    secret: remoteWorkers > 0 ? loadSecret(flags.secretFile) : undefined,
  };
}

/** The store of --store and --store-lock, checked against each other; undefined for memory. */
function resolveStore(flags: { store?: StoreChoice; storeLock?: string }): RunStore | undefined {
  const store = flags.store?.kind === 'postgres' || flags.store?.kind === 'redis' ? flags.store : undefined;
  if (!store) {
    if (flags.storeLock) throw new UsageError('--store-lock needs --store postgres://… or redis://…');
    return undefined;
  }
  return { ...store, lock: storeLockFor(store.kind, flags.storeLock) };
}

/** The knobs that were given: an absent flag leaves the default under it. */
function definedOf(knobs: Partial<Workload>): Partial<Workload> {
  return Object.fromEntries(Object.entries(knobs).filter(([, value]) => value !== undefined));
}
