// A remote worker's part in one run: it loads the scenario, opens its own
// session on the run's rows or keys, says ready, runs its body once per trial
// signal and reports back, until the coordinator ends the run, starts it
// without this worker, stays silent far longer than a trial may take (a
// coordinator killed outright), or the worker stops.
import { messageOf } from '../errors.js';
import { openWorkerMemory, type WorkerMemory } from '../memory/backend.js';
import { MemoryLayout } from '../memory/layout.js';
import type { Scenario } from '../scenario/api.js';
import { loadScenario } from '../scenario/catalog.js';
import { lockNamesOf } from '../scenario/lock-names.js';
import type { StoreKind, StoreSpec } from '../stores/store.js';
import { localScenario } from '../trust/scenario-ref.js';
import type { SignedBus } from '../trust/signed-bus.js';
import { shown } from '../trust/text.js';
import { noLock, workerLocks } from '../worker/lock.js';
import { runWorker } from '../worker/runtime.js';
import { JOIN_MS } from './coordinator.js';
import { asRunMessage, type Assignment } from './protocol.js';

/** What this worker brings to every run, whatever a coordinator sends. */
export interface Own {
  kind: StoreKind;
  url: string;
  /** The scenario files its --scenario allows (none: built-in scenarios only). */
  allowed: string[];
}

/** How a run ended for this worker. */
export type Departure = 'ended' | 'silent' | 'excluded' | 'stopped';

interface Prepared {
  scenario: Scenario;
  layout: MemoryLayout;
  memory: WorkerMemory;
}

/** Serves one run; resolves with the trials it ran and how it left. Aborting `stopping` leaves at once, telling the coordinator. */
export async function takePart(bus: SignedBus, id: string, assignment: Assignment, own: Own, stopping: AbortSignal, log: (text: string) => void): Promise<{ trials: number; departure: Departure }> {
  const { run, worker } = assignment;
  const leave = (message: string): Promise<void> => bus.publish(run, { type: 'failed', worker, id, message }).catch(() => {});
  const prepared = await prepare(assignment, own).catch((error: unknown) => {
    const reason = shown(messageOf(error));
    log(`could not start ${run}: ${reason}`);
    return leave(reason);
  });
  if (!prepared) return { trials: 0, departure: 'ended' };
  const part = new Part(bus, id, assignment, prepared);
  const departure = await part.serve(stopping);
  if (departure === 'stopped') await leave(`the worker left: ${stopping.reason instanceof Error ? stopping.reason.message : 'stopped'}`);
  await bus.unsubscribe(run).catch(() => {});
  await prepared.memory.close().catch(() => {});
  // A body still running when the worker leaves is not waited for (its connection is closed under it):
  // one that never finishes would keep this worker out of every later run.
  if (part.running !== undefined) {
    if (departure !== 'stopped') log(`left ${run} with its body still running in trial ${part.running} (it never finished)`);
  } else {
    await part.queue;
  }
  if (part.failure) throw part.failure;
  return { trials: part.trials, departure };
}

async function prepare(assignment: Assignment, own: Own): Promise<Prepared> {
  const ref = assignment.scenario;
  // A long-lived worker serves many runs: the file's hash in its URL loads an edited file afresh.
  const { scenario } = await loadScenario(localScenario(ref, own.allowed), ref.kind === 'file' ? ref.sha256 : undefined);
  const layout = new MemoryLayout(scenario.memory(assignment.options));
  const spec: StoreSpec = { kind: own.kind, url: own.url, lock: assignment.storeLock, run: assignment.run, lockTtlMs: assignment.lockTtlMs };
  const memory = await openWorkerMemory({ kind: 'store', store: spec }, layout, lockNamesOf(scenario));
  return { scenario, layout, memory };
}

/** The run's channel, seen from this worker. */
class Part {
  trials = 0;
  failure: unknown;
  /** Trials come one at a time; the queue only guards against a stray duplicate signal. */
  queue = Promise.resolve();
  /** The trial whose body is running, if one is. */
  running: number | undefined;
  private departed = false;
  private watchdog: NodeJS.Timeout | undefined;
  private depart: (how: Departure) => void = () => {};

  constructor(
    private readonly bus: SignedBus,
    private readonly id: string,
    private readonly assignment: Assignment,
    private readonly prepared: Prepared,
  ) {}

  /** Listens on the run's channel until the worker departs, and says how. */
  async serve(stopping: AbortSignal): Promise<Departure> {
    const departure = new Promise<Departure>((resolve) => {
      this.depart = (how) => {
        this.departed = true;
        resolve(how);
      };
    });
    this.rearm();
    stopping.addEventListener('abort', () => this.depart('stopped'), { once: true });
    const { run, worker } = this.assignment;
    this.bus
      .subscribe(run, (raw) => this.onMessage(raw))
      .then(() => this.bus.publish(run, { type: 'ready', worker, id: this.id }))
      .catch((error: unknown) => {
        this.failure ??= error;
        this.depart('ended');
      });
    const how = await departure;
    clearTimeout(this.watchdog);
    return how;
  }

  /** A run that says nothing for far longer than a trial may take has lost its coordinator. */
  private rearm(): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => this.depart('silent'), this.assignment.timeoutMs + JOIN_MS);
  }

  private onMessage(raw: unknown): void {
    const message = asRunMessage(raw);
    if (this.departed) return;
    this.rearm();
    if (message?.type === 'end') this.depart('ended');
    if (message?.type !== 'trial') return;
    if (!message.ids.includes(this.id)) return this.depart('excluded');
    const { trial } = message;
    this.queue = this.queue.then(() => this.runTrial(trial)).catch((error: unknown) => void (this.failure ??= error));
  }

  private async runTrial(trial: number): Promise<void> {
    const { scenario, layout, memory } = this.prepared;
    const { run, worker, options, lock } = this.assignment;
    const locks = workerLocks(lockNamesOf(scenario).length, lock, memory.locks, () => noLock);
    this.running = trial;
    const report = await runWorker({ scenario, layout, memory, locks, options, worker, trace: false });
    this.running = undefined;
    this.trials++;
    if (!this.departed) await this.bus.publish(run, { type: 'report', trial, id: this.id, report });
  }
}
