// The coordinator's side of remote workers: gathers N `racedemo worker`
// processes through the store's lobby channel, then, each trial, publishes the
// start signal and collects one report from each. A remote worker that does not
// report within the trial timeout is reported as hung, like a local one; one
// that leaves (Ctrl-C, a lost store) ends the run as a crash. Every message is
// signed (trust/signed-bus.ts), and each place is tied to the sender that said
// hello for it: only that sender's ready, failed and reports count.
import { performance } from 'node:perf_hooks';
import { InterruptedError, RunFailedError, UsageError } from '../errors.js';
import type { Crew, CrewResult, Failure } from '../executors/executor.js';
import type { Workload } from '../scenario/api.js';
import { openBus } from '../stores/drivers.js';
import { scenarioRefOf } from '../trust/scenario-ref.js';
import { howToSetSecret } from '../trust/secret.js';
import { SignedBus, reportDropped } from '../trust/signed-bus.js';
import { shown } from '../trust/text.js';
import { LOBBY, asLobbyMessage, asRunMessage, type Assignment, type RunMessage } from './protocol.js';
import { displayUrl, storeMessage, type StoreSpec } from '../stores/store.js';

/** How long a run waits for its remote workers to join. */
export const JOIN_MS = 60_000;
/** An assigned worker that has not said it is ready after this long is dropped, and its place offered again. */
const ASSIGN_MS = 5_000;
/** While places are open, free workers are called this often (a worker may have been taken by another run). */
const CALL_EVERY_MS = 1_000;

interface PendingTrial {
  trial: number;
  reported: Set<number>;
  finish: (outcome: Failure | undefined) => void;
}

interface Place {
  worker: number;
  /** The nonce of the bus that said hello: the only sender whose messages count for this place. */
  sender: string;
  assignedAt: number;
  ready: boolean;
}

/** What a run tells its remote workers, and how many it waits for. */
export interface RemoteStart {
  store: StoreSpec;
  secret: Buffer | undefined;
  scenarioUrl: string;
  options: Workload;
  lock: boolean;
  timeoutMs: number;
  /** The remote workers are numbered from `first` (after the local ones). */
  first: number;
  count: number;
  signal?: AbortSignal;
}

export class RemoteWorkers implements Crew {
  private readonly numbers: number[];
  /** Worker id → its place in the run. Once gathered, only ready places remain. */
  private readonly places = new Map<string, Place>();
  private gathered = false;
  private pending: PendingTrial | undefined;
  /** Why the run cannot go on: a worker left, or the store's connection was lost. */
  private broken: { worker: number; message: string } | undefined;
  private closed = false;
  /** Ends the gathering: with nothing once every place is ready, or with why it failed. */
  private settleGathering: (failure?: Error) => void = () => {};

  private constructor(
    private readonly bus: SignedBus,
    private readonly base: Omit<Assignment, 'worker'>,
    private readonly storeUrl: string,
    first: number,
    count: number,
  ) {
    this.numbers = Array.from({ length: count }, (_, index) => first + index);
  }

  /**
   * Opens the store's bus and gathers the workers. No URL, path or password
   * goes out: each worker connects with its own --store URL and finds the
   * scenario itself.
   */
  static async start({ store, secret, scenarioUrl, options, lock, timeoutMs, first, count, signal }: RemoteStart): Promise<RemoteWorkers> {
    if (!secret) throw new UsageError(howToSetSecret);
    const bus = new SignedBus(await openBus(store.kind, store.url), secret);
    const base = { run: store.run, scenario: scenarioRefOf(scenarioUrl), options, lock, storeLock: store.lock, lockTtlMs: store.lockTtlMs, timeoutMs };
    return RemoteWorkers.gather(bus, base, store.url, first, count, signal);
  }

  /** Waits until `count` workers have joined and are ready, numbered from `first`. Aborting `signal` stops the wait. */
  private static async gather(
    bus: SignedBus,
    base: Omit<Assignment, 'worker'>,
    storeUrl: string,
    first: number,
    count: number,
    signal?: AbortSignal,
  ): Promise<RemoteWorkers> {
    const remote = new RemoteWorkers(bus, base, storeUrl, first, count);
    try {
      await remote.gatherWorkers(signal);
    } catch (error) {
      await remote.close();
      throw error;
    }
    return remote;
  }

  private async gatherWorkers(signal: AbortSignal | undefined): Promise<void> {
    const joined = new Promise<Error | undefined>((resolve) => (this.settleGathering = resolve));
    this.bus.onLost(() => {
      this.settleGathering(new RunFailedError(`lost the connection to the store at ${displayUrl(this.storeUrl)}`));
      this.breakRun(this.numbers[0] ?? 0, 'lost the connection to the store');
    });
    await this.bus.subscribe(this.base.run, (raw, sender) => this.onRunMessage(raw, sender));
    await this.bus.subscribe(LOBBY, (raw, sender) => this.onLobbyMessage(raw, sender));
    const failure = await this.waitForPlaces(joined, signal);
    if (failure) throw failure;
    for (const [id, place] of this.places) if (!place.ready) this.places.delete(id);
    this.gathered = true;
  }

  /** Calls free workers while places are open, and waits until every place is ready, JOIN_MS pass, or `signal` aborts. */
  private async waitForPlaces(joined: Promise<Error | undefined>, signal: AbortSignal | undefined): Promise<Error | undefined> {
    const call = (): void => void this.bus.publish(LOBBY, { type: 'call', run: this.base.run }).catch(() => {});
    call();
    const caller = setInterval(() => this.openPlace() !== undefined && call(), CALL_EVERY_MS);
    const count = this.numbers.length;
    process.stderr.write(
      `racedemo: waiting for ${count} remote worker${count === 1 ? '' : 's'}: run 'racedemo worker --store ${displayUrl(this.storeUrl)}' (with the same secret) in another shell or on another machine\n`,
    );
    const late = (): Error => new RunFailedError(`only ${this.readyCount()} of ${count} remote workers joined within ${JOIN_MS / 1000} s: are they running, on this store, with the same secret?`);
    const timer = setTimeout(() => this.settleGathering(late()), JOIN_MS);
    const onAbort = (): void => this.settleGathering(signal?.reason instanceof Error ? signal.reason : new InterruptedError('SIGINT'));
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    try {
      return await joined;
    } finally {
      clearTimeout(timer);
      clearInterval(caller);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private readyCount(): number {
    return [...this.places.values()].filter((place) => place.ready).length;
  }

  /** A message on the run's channel: it counts only from the worker that took the place it is about. */
  private onRunMessage(raw: unknown, sender: string): void {
    const message = asRunMessage(raw);
    const place = message && 'id' in message ? this.places.get(message.id) : undefined;
    if (!message || !place || place.sender !== sender) return;
    if (message.type === 'ready' && place.worker === message.worker) {
      place.ready = true;
      if (this.readyCount() === this.numbers.length) this.settleGathering();
    } else if (message.type === 'failed' && place.worker === message.worker) {
      const text = shown(message.message).slice(0, 500);
      if (!this.gathered) this.settleGathering(new RunFailedError(`remote worker ${message.worker} could not start: ${text}`));
      else this.breakRun(message.worker, text);
    } else if (message.type === 'report' && place.ready && place.worker === message.report.worker) {
      this.onReport(message);
    }
  }

  /** A hello answering this run's call takes an open place (one recorded in an earlier run names another run). */
  private onLobbyMessage(raw: unknown, sender: string): void {
    const message = asLobbyMessage(raw);
    if (this.gathered || message?.type !== 'hello' || message.run !== this.base.run || this.places.has(message.id)) return;
    const worker = this.openPlace();
    if (worker === undefined) return;
    this.places.set(message.id, { worker, sender, assignedAt: performance.now(), ready: false });
    this.bus.publish(LOBBY, { type: 'assign', id: message.id, assignment: { ...this.base, worker } }).catch(() => {});
  }

  /** The first worker number no live assignment holds (assignments unconfirmed for ASSIGN_MS are dropped). */
  private openPlace(): number | undefined {
    for (const [id, place] of this.places) if (!place.ready && performance.now() - place.assignedAt > ASSIGN_MS) this.places.delete(id);
    const taken = new Set([...this.places.values()].map((place) => place.worker));
    return this.numbers.find((worker) => !taken.has(worker));
  }

  /** Starts a trial on every remote worker; resolves with a failure, or done once all have reported (no spans: their clocks are other machines'). */
  runTrial(trial: number): Promise<CrewResult> {
    const timeoutMs = this.base.timeoutMs;
    if (this.broken) return Promise.resolve({ state: 'crashed', ...this.broken });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const missing = this.numbers.filter((worker) => !this.pending?.reported.has(worker));
        this.pending?.finish({ state: 'hung', workers: missing, afterMs: timeoutMs });
      }, timeoutMs);
      this.pending = {
        trial,
        reported: new Set(),
        finish: (outcome) => {
          clearTimeout(timer);
          this.pending = undefined;
          resolve(outcome ?? { state: 'done' });
        },
      };
      const ids = [...this.places.keys()];
      this.bus.publish(this.base.run, { type: 'trial', trial, ids }).catch((error: unknown) =>
        this.breakRun(this.numbers[0] ?? 0, `the store's bus failed: ${storeMessage(error)}`),
      );
    });
  }

  private breakRun(worker: number, message: string): void {
    this.broken ??= { worker, message };
    this.pending?.finish({ state: 'crashed', ...this.broken });
  }

  private onReport(message: Extract<RunMessage, { type: 'report' }>): void {
    const pending = this.pending;
    if (!pending || message.trial !== pending.trial) return;
    const { report } = message;
    if (report.state === 'threw') {
      pending.finish({ state: 'threw', worker: report.worker, message: shown(report.message).slice(0, 500) });
      return;
    }
    pending.reported.add(report.worker);
    if (this.numbers.every((worker) => pending.reported.has(worker))) pending.finish(undefined);
  }

  /** Tells the workers the run is over. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pending?.finish({ state: 'crashed', worker: 0, message: 'the workers were stopped' });
    await this.bus.publish(this.base.run, { type: 'end' }).catch(() => {});
    await this.bus.close().catch(() => {});
    reportDropped(this.bus, `run ${this.base.run}`);
  }
}
