// `racedemo worker --store URL`: a remote worker. It waits on the store's lobby
// channel until a `racedemo run … --remote-workers N` takes it into a run,
// then runs its worker body once per trial signal, against the same rows or
// keys as the coordinator's own workers, and reports back. Between runs it
// waits for the next one; --once leaves after one run. Every message is
// signed with the shared secret, and nothing in an assignment is a URL, a path
// or a password: the worker connects with its own --store URL and runs a
// built-in scenario by name, or a file only if its own --scenario allowed it
// (checked by content hash).
import { randomBytes } from 'node:crypto';
import { lockNamesOf } from '../scenario/lock-names.js';
import { messageOf, RunFailedError, UsageError } from '../errors.js';
import { noLock, workerLocks } from '../worker/lock.js';
import { MemoryLayout } from '../memory/layout.js';
import type { Scenario } from '../scenario/api.js';
import { loadScenario } from '../scenario/catalog.js';
import { JOIN_MS } from './coordinator.js';
import { LOBBY, RUN_NAME, asLobbyMessage, asRunMessage, checkAssignment, type Assignment } from './protocol.js';
import { openBus } from '../stores/drivers.js';
import { openWorkerMemory, type WorkerMemory } from '../memory/backend.js';
import { displayUrl, parseStoreOption, type StoreKind, type StoreSpec } from '../stores/store.js';
import { allowedFiles, localScenario } from '../trust/scenario-ref.js';
import { loadSecret } from '../trust/secret.js';
import { SignedBus, reportDropped } from '../trust/signed-bus.js';
import { shown } from '../trust/text.js';
import { runWorker } from '../worker/runtime.js';
import { Output, processIo, type Io } from '../cli/output.js';
import { withRunSignals } from '../cli/signals.js';

export interface WorkerFlags {
  store?: string;
  once?: boolean;
  quiet?: boolean;
  /** The file holding the shared secret (default: RACEDEMO_SECRET). */
  secretFile?: string;
  /** A scenario file, or a directory of them, that runs may use on this worker. */
  scenario?: string;
}

/** What this worker brings to every run, whatever a coordinator sends. */
interface Own {
  kind: StoreKind;
  url: string;
  /** The scenario files its --scenario allows (none: built-in scenarios only). */
  allowed: string[];
}

/** How a run ended for this worker. */
type Departure = 'ended' | 'silent' | 'excluded' | 'stopped';

/** After Ctrl-C and cleanup, a body still blocking the event loop may hold the process this long at most. */
const EXIT_GRACE_MS = 2000;

export async function workerCommand(flags: WorkerFlags, io: Io = processIo()): Promise<void> {
  const choice = parseStoreOption(flags.store ?? 'memory');
  if (choice.kind === 'memory') throw new UsageError('racedemo worker needs --store postgres://… or redis://…, the store the run uses');
  const { url } = choice;
  const secret = loadSecret(flags.secretFile);
  const own: Own = { kind: choice.kind, url, allowed: flags.scenario === undefined ? [] : allowedFiles(flags.scenario) };
  const log = (text: string): void => void (flags.quiet || io.stderr.write(`racedemo: ${text}\n`));
  const bus = new SignedBus(await openBus(choice.kind, url), secret);
  const id = randomBytes(6).toString('hex');
  /** Aborted when the worker stops: the run it serves, if any, is left at once. */
  const stopping = new AbortController();
  let busy = false;

  // Ctrl-C and SIGTERM abort `signal` (an InterruptedError), as for a run.
  await withRunSignals(new Output(io.stdout), (signal) => new Promise<void>((resolve, reject) => {
    const finish = (error?: unknown): void => {
      if (stopping.signal.aborted) return;
      stopping.abort(error);
      void leaving.then(() => bus.close().catch(() => {})).finally(() => (error ? reject(error) : resolve()));
    };
    const onSignal = (): void => {
      finish(signal.reason);
      setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
    };
    signal.addEventListener('abort', onSignal, { once: true });
    let leaving: Promise<unknown> = Promise.resolve();
    bus.onLost(() => finish(new RunFailedError(`lost the connection to the store at ${displayUrl(url)}`)));
    // A worker speaks only when called: its hello names the calling run, so that it cannot be replayed to another.
    const hello = (run: string): void => void bus.publish(LOBBY, { type: 'hello', id, run }).catch(finish);

    const join = (raw: unknown): void => {
      let assignment: Assignment;
      try {
        assignment = checkAssignment(raw, own.kind);
      } catch (error) {
        refuse(bus, id, raw, shown(messageOf(error)), log);
        return;
      }
      busy = true;
      log(`joined ${assignment.run} as worker ${assignment.worker} of ${assignment.options.workers} (${assignment.lock ? 'lock' : 'no lock'})`);
      const part = takePart(bus, id, assignment, own, stopping.signal, log);
      leaving = part.catch(() => {});
      part.then(({ trials, departure }) => {
        reportDropped(bus, assignment.run, log);
        const count = `${trials} trial${trials === 1 ? '' : 's'}`;
        if (departure === 'ended') log(`${assignment.run} ended after ${count}`);
        if (departure === 'silent') log(`${assignment.run} went silent after ${count} (its coordinator is gone?): left it`);
        if (departure === 'excluded') log(`${assignment.run} started without this worker (it joined too late): left it`);
        busy = false;
        if (departure === 'stopped') return;
        if (flags.once && departure !== 'excluded') finish();
      }, finish);
    };

    bus
      .subscribe(LOBBY, (raw) => {
        const message = asLobbyMessage(raw);
        if (busy || stopping.signal.aborted || !message) return;
        if (message.type === 'call') hello(message.run);
        if (message.type === 'assign' && message.id === id) join(message.assignment);
      })
      .then(() => {
        log(`worker ${id} is waiting for a run on ${displayUrl(url)} (Ctrl-C to stop)`);
      })
      .catch(finish);
  }), io.signal);
}

/**
 * Serves one run until the coordinator ends it, starts it without this worker,
 * stays silent for far longer than a trial may take (a coordinator killed
 * outright), or `stopping` aborts (then the coordinator is told the worker left).
 * Resolves with the trials it ran.
 */
async function takePart(
  bus: SignedBus,
  id: string,
  assignment: Assignment,
  own: Own,
  stopping: AbortSignal,
  log: (text: string) => void,
): Promise<{ trials: number; departure: Departure }> {
  const { run, worker, options, lock } = assignment;
  const leave = (message: string): Promise<void> => bus.publish(run, { type: 'failed', worker, id, message }).catch(() => {});
  const prepared = await prepare(assignment, own).catch((error: unknown) => {
    const reason = shown(messageOf(error));
    log(`could not start ${run}: ${reason}`);
    return leave(reason);
  });
  if (!prepared) return { trials: 0, departure: 'ended' };
  const { scenario, layout, memory } = prepared;
  let trials = 0;
  let failure: unknown;
  let queue = Promise.resolve();
  let watchdog: NodeJS.Timeout | undefined;
  let departed = false;
  const departure = await new Promise<Departure>((resolve) => {
    const depart = (how: Departure): void => {
      departed = true;
      resolve(how);
    };
    const rearm = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => depart('silent'), assignment.timeoutMs + JOIN_MS);
    };
    rearm();
    stopping.addEventListener('abort', () => depart('stopped'), { once: true });
    bus
      .subscribe(run, (raw) => {
        const message = asRunMessage(raw);
        if (departed) return;
        rearm();
        if (message?.type === 'end') depart('ended');
        if (message?.type !== 'trial') return;
        if (!message.ids.includes(id)) return depart('excluded');
        const { trial } = message;
        // Trials come one at a time; the queue only guards against a stray duplicate signal.
        queue = queue
          .then(async () => {
            const locks = workerLocks(lockNamesOf(scenario).length, lock, memory.locks, () => noLock);
            const report = await runWorker({ scenario, layout, memory, locks, options, worker, trace: false });
            trials++;
            if (!departed) await bus.publish(run, { type: 'report', trial, id, report });
          })
          .catch((error: unknown) => void (failure ??= error));
      })
      .then(() => bus.publish(run, { type: 'ready', worker, id }))
      .catch((error: unknown) => {
        failure ??= error;
        depart('ended');
      });
  });
  clearTimeout(watchdog);
  if (departure === 'stopped') {
    const reason = stopping.reason instanceof Error ? stopping.reason.message : 'stopped';
    await leave(`the worker left: ${reason}`);
  }
  await bus.unsubscribe(run).catch(() => {});
  await memory.close().catch(() => {});
  // A body still running when the worker stops is not waited for: its connection is closed under it.
  if (departure !== 'stopped') await queue;
  if (failure) throw failure;
  return { trials, departure };
}

async function prepare(assignment: Assignment, own: Own): Promise<{ scenario: Scenario; layout: MemoryLayout; memory: WorkerMemory }> {
  const ref = assignment.scenario;
  // A long-lived worker serves many runs: the file's hash in its URL loads an edited file afresh.
  const { scenario } = await loadScenario(localScenario(ref, own.allowed), ref.kind === 'file' ? ref.sha256 : undefined);
  const layout = new MemoryLayout(scenario.memory(assignment.options));
  const spec: StoreSpec = { kind: own.kind, url: own.url, lock: assignment.storeLock, run: assignment.run, lockTtlMs: assignment.lockTtlMs };
  const memory = await openWorkerMemory({ kind: 'store', store: spec }, layout, lockNamesOf(scenario));
  return { scenario, layout, memory };
}

/** An assignment this worker will not act on: said here, and to the run if it names one. */
function refuse(bus: SignedBus, id: string, raw: unknown, reason: string, log: (text: string) => void): void {
  log(`refused an assignment: ${reason}`);
  const { run, worker } = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (typeof run === 'string' && RUN_NAME.test(run) && typeof worker === 'number') {
    bus.publish(run, { type: 'failed', worker, id, message: reason }).catch(() => {});
  }
}
