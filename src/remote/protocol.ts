// The messages between `racedemo run --remote-workers N` (the coordinator) and
// `racedemo worker` (a remote worker), as JSON on the store's own bus:
// PostgreSQL NOTIFY or Redis PUBLISH. No protocol of racedemo's own crosses
// the network; only the store's.
//
//   lobby:  coordinator → call {run}        "free workers, say hello"
//           worker → hello {id, run}        "I am free, for the run that called"
//           coordinator → assign {id, …}    "worker <id>, you are worker n of this run"
//   <run>:  worker → ready | failed         after loading the scenario and connecting
//           coordinator → trial {trial}     the start signal: run your body now
//           worker → report {trial, report} how its body ended
//           coordinator → end               the run is over
//
// Every message is signed with the class's shared secret (trust/signed-bus.ts).
// A hello names the run whose call it answers, and run names are fresh: a
// hello recorded in an earlier run is no use in a later one.
// An assignment carries no URL, path or password: the worker connects with its
// own --store URL, and finds the scenario by name or by content hash.
import type { Workload } from '../scenario/api.js';
import { isScenarioRef, type ScenarioRef } from '../trust/scenario-ref.js';
import { checkNumber, checkWorkload } from '../trust/workload.js';
import type { WorkerReport } from '../worker/runtime.js';
import { UsageError } from '../errors.js';
import { limits } from '../limits.js';
import { storeLocks, type StoreKind, type StoreLockKind } from '../stores/store.js';

/** The channel every coordinator and free worker of a store listens on. */
export const LOBBY = 'racedemo_lobby';

/** A run's name, as newRunName makes it: the only names a worker joins or prints. */
export const RUN_NAME = /^racedemo_[0-9a-f]{10}$/;

/** What a remote worker needs to take part in a run. */
export interface Assignment {
  run: string;
  /** Its worker number in the run (after the coordinator's own workers). */
  worker: number;
  scenario: ScenarioRef;
  options: Workload;
  lock: boolean;
  /** The store's lock kind, and a Redis lock's expiry. */
  storeLock: StoreLockKind;
  lockTtlMs: number;
  /** The coordinator's trial timeout, in ms: a worker leaves a run that stays silent much longer. */
  timeoutMs: number;
}

export type LobbyMessage =
  | { type: 'hello'; id: string; run: string }
  | { type: 'call'; run: string }
  | { type: 'assign'; id: string; assignment: unknown };

export type RunMessage =
  | { type: 'ready'; worker: number; id: string }
  | { type: 'failed'; worker: number; id: string; message: string }
  /** `ids`: the workers taking part; one assigned but left out (it answered too late) leaves the run. */
  | { type: 'trial'; trial: number; ids: string[] }
  | { type: 'report'; trial: number; id: string; report: WorkerReport }
  | { type: 'end' };

const lobbyTypes: ReadonlySet<string> = new Set<LobbyMessage['type']>(['hello', 'call', 'assign']);
const runTypes: ReadonlySet<string> = new Set<RunMessage['type']>(['ready', 'failed', 'trial', 'report', 'end']);

/** Only well-formed messages are acted on (the assignment itself is checked by checkAssignment). */
export function asLobbyMessage(message: unknown): LobbyMessage | undefined {
  if (!isTyped(message, lobbyTypes)) return undefined;
  const { type, id, run } = message as Record<string, unknown>;
  const named = typeof run === 'string' && RUN_NAME.test(run);
  if (type === 'call') return named ? (message as LobbyMessage) : undefined;
  if (type === 'hello' && !named) return undefined;
  return typeof id === 'string' ? (message as LobbyMessage) : undefined;
}

export function asRunMessage(message: unknown): RunMessage | undefined {
  if (!isTyped(message, runTypes)) return undefined;
  const { type, worker, trial, report, id, message: text } = message as Record<string, unknown>;
  const ok =
    type === 'end' ||
    (type === 'trial' && typeof trial === 'number' && Array.isArray((message as { ids?: unknown }).ids)) ||
    (type === 'ready' && typeof worker === 'number' && typeof id === 'string') ||
    (type === 'failed' && typeof worker === 'number' && typeof id === 'string' && typeof text === 'string') ||
    (type === 'report' && typeof trial === 'number' && typeof id === 'string' && isReport(report));
  return ok ? (message as RunMessage) : undefined;
}

function isReport(value: unknown): value is WorkerReport {
  if (typeof value !== 'object' || value === null) return false;
  const { state, worker, message } = value as Record<string, unknown>;
  return typeof worker === 'number' && (state === 'done' || (state === 'threw' && typeof message === 'string'));
}

/** An assignment as a worker on a `kind` store may act on it, or a UsageError saying what is wrong. */
export function checkAssignment(value: unknown, kind: StoreKind): Assignment {
  const source = "the run's assignment";
  if (typeof value !== 'object' || value === null) throw new UsageError(`${source} is not an object`);
  const { run, worker, scenario, options, lock, storeLock, lockTtlMs, timeoutMs } = value as Record<string, unknown>;
  if (typeof run !== 'string' || !RUN_NAME.test(run)) throw new UsageError(`${source}: run is not a run name`);
  if (!isScenarioRef(scenario)) throw new UsageError(`${source}: scenario is neither a built-in name nor a file's name and sha256`);
  if (typeof lock !== 'boolean') throw new UsageError(`${source}: lock must be true or false`);
  const kinds: readonly unknown[] = storeLocks[kind];
  if (!kinds.includes(storeLock)) throw new UsageError(`${source}: storeLock is not a ${kind} lock`);
  const workload = checkWorkload(options, source, 'options');
  return {
    run,
    worker: checkNumber(worker, { min: 1, max: workload.workers, whole: true }, source, 'worker'),
    scenario,
    options: workload,
    lock,
    storeLock: storeLock as StoreLockKind,
    lockTtlMs: checkNumber(lockTtlMs, { ...limits.timeout, whole: true }, source, 'lockTtlMs'),
    timeoutMs: checkNumber(timeoutMs, { ...limits.timeout, whole: true }, source, 'timeoutMs'),
  };
}

function isTyped(message: unknown, types: ReadonlySet<string>): boolean {
  return typeof message === 'object' && message !== null && types.has(String((message as { type?: unknown }).type));
}
