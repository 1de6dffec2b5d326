// The messages between `racedemo run --remote-workers N` (the coordinator) and
// `racedemo worker` (a remote worker), as JSON on the store's own bus:
// PostgreSQL NOTIFY or Redis PUBLISH. No protocol of racedemo's own crosses
// the network; only the store's.
//
//   lobby:  worker → hello {id}            "I am free"
//           coordinator → call {run}        "free workers, say hello"
//           coordinator → assign {id, …}    "worker <id>, you are worker n of this run"
//   <run>:  worker → ready | failed         after loading the scenario and connecting
//           coordinator → trial {trial}     the start signal: run your body now
//           worker → report {trial, report} how its body ended
//           coordinator → end               the run is over
import type { Workload } from '../scenario.js';
import type { WorkerReport } from '../worker-runtime.js';
import type { StoreSpec } from './store.js';

/** The channel every coordinator and free worker of a store listens on. */
export const LOBBY = 'racedemo_lobby';

/** What a remote worker needs to take part in a run. */
export interface Assignment {
  run: string;
  /** Its worker number in the run (after the coordinator's own workers). */
  worker: number;
  /** A built-in scenario's name, or a scenario file's URL (which must exist on the worker's machine too). */
  scenario: string;
  options: Workload;
  lock: boolean;
  store: StoreSpec;
  /** The coordinator's trial timeout, in ms: a worker leaves a run that stays silent much longer. */
  timeoutMs: number;
}

export type LobbyMessage =
  | { type: 'hello'; id: string }
  | { type: 'call'; run: string }
  | { type: 'assign'; id: string; assignment: Assignment };

export type RunMessage =
  | { type: 'ready'; worker: number; id: string }
  | { type: 'failed'; worker: number; id: string; message: string }
  /** `ids`: the workers taking part; one assigned but left out (it answered too late) leaves the run. */
  | { type: 'trial'; trial: number; ids: string[] }
  | { type: 'report'; trial: number; report: WorkerReport }
  | { type: 'end' };

const lobbyTypes: ReadonlySet<string> = new Set<LobbyMessage['type']>(['hello', 'call', 'assign']);
const runTypes: ReadonlySet<string> = new Set<RunMessage['type']>(['ready', 'failed', 'trial', 'report', 'end']);

/** Anyone can publish on a store's channels: only well-formed messages are acted on. */
export function asLobbyMessage(message: unknown): LobbyMessage | undefined {
  if (!isTyped(message, lobbyTypes)) return undefined;
  const { type, id, run, assignment } = message as Record<string, unknown>;
  if (type === 'call') return typeof run === 'string' ? (message as LobbyMessage) : undefined;
  if (typeof id !== 'string') return undefined;
  if (type === 'assign' && !isAssignment(assignment)) return undefined;
  return message as LobbyMessage;
}

export function asRunMessage(message: unknown): RunMessage | undefined {
  if (!isTyped(message, runTypes)) return undefined;
  const { type, worker, trial, report } = message as Record<string, unknown>;
  const ok =
    type === 'end' ||
    (type === 'trial' && typeof trial === 'number' && Array.isArray((message as { ids?: unknown }).ids)) ||
    ((type === 'ready' || type === 'failed') && typeof worker === 'number' && typeof (message as { id?: unknown }).id === 'string') ||
    (type === 'report' && typeof trial === 'number' && typeof report === 'object' && report !== null);
  return ok ? (message as RunMessage) : undefined;
}

function isAssignment(value: unknown): value is Assignment {
  if (typeof value !== 'object' || value === null) return false;
  const { run, worker, scenario, options, store, timeoutMs } = value as Record<string, unknown>;
  return (
    typeof run === 'string' &&
    typeof worker === 'number' &&
    typeof scenario === 'string' &&
    typeof options === 'object' &&
    options !== null &&
    typeof store === 'object' &&
    store !== null &&
    typeof timeoutMs === 'number'
  );
}

function isTyped(message: unknown, types: ReadonlySet<string>): boolean {
  return typeof message === 'object' && message !== null && types.has(String((message as { type?: unknown }).type));
}
