// The coordinator's side of remote workers: gathers N `racedemo worker`
// processes through the store's lobby channel, then, each trial, publishes the
// start signal and collects one report from each. A remote worker that does not
// report within the trial timeout is reported as hung, like a local one.
import { performance } from 'node:perf_hooks';
import { InterruptedError, RunFailedError } from '../errors.js';
import type { TrialOutcome } from '../engines/engine.js';
import { LOBBY, asLobbyMessage, asRunMessage, type Assignment, type RunMessage } from './remote-protocol.js';
import { displayUrl, type MessageBus } from './store.js';

/** How long a run waits for its remote workers to join. */
export const JOIN_MS = 60_000;

interface PendingTrial {
  trial: number;
  reported: Set<number>;
  finish: (outcome: TrialOutcome | undefined) => void;
}

/** An assigned worker that has not said it is ready after this long is dropped, and its place offered again. */
const ASSIGN_MS = 5_000;
/** While places are open, free workers are called this often (a worker may have been taken by another run). */
const CALL_EVERY_MS = 1_000;

interface Place {
  worker: number;
  assignedAt: number;
  ready: boolean;
}

export class RemoteWorkers {
  private readonly numbers: number[];
  /** The ids of the workers taking part; every trial signal carries them. */
  private ids: string[] = [];
  private pending: PendingTrial | undefined;
  private lost = false;
  private closed = false;

  private constructor(
    private readonly bus: MessageBus,
    private readonly run: string,
    first: number,
    count: number,
  ) {
    this.numbers = Array.from({ length: count }, (_, index) => first + index);
  }

  /** Waits until `count` workers have joined and are ready, numbered from `first`. Aborting `signal` stops the wait. */
  static async gather(bus: MessageBus, base: Omit<Assignment, 'worker'>, first: number, count: number, signal?: AbortSignal): Promise<RemoteWorkers> {
    const remote = new RemoteWorkers(bus, base.run, first, count);
    const places = new Map<string, Place>();
    const readyCount = (): number => [...places.values()].filter((place) => place.ready).length;
    let settle: (failure?: Error) => void = () => {};
    const joined = new Promise<Error | undefined>((resolve) => (settle = resolve));
    bus.onLost(() => {
      settle(new RunFailedError(`lost the connection to the store at ${displayUrl(base.store.url)}`));
      remote.onLost();
    });
    await bus.subscribe(base.run, (raw) => {
      const message = asRunMessage(raw);
      if (message?.type === 'ready') {
        const place = places.get(message.id);
        if (!place || place.worker !== message.worker) return;
        place.ready = true;
        if (readyCount() === count) settle();
      } else if (message?.type === 'failed') {
        if (remote.numbers.includes(message.worker)) settle(new RunFailedError(`remote worker ${message.worker} could not start: ${message.message}`));
      } else if (message) {
        remote.onRunMessage(message);
      }
    });
    const openPlace = (): number | undefined => {
      for (const [id, place] of places) if (!place.ready && performance.now() - place.assignedAt > ASSIGN_MS) places.delete(id);
      const taken = new Set([...places.values()].map((place) => place.worker));
      return remote.numbers.find((worker) => !taken.has(worker));
    };
    await bus.subscribe(LOBBY, (raw) => {
      const message = asLobbyMessage(raw);
      if (message?.type !== 'hello' || places.has(message.id)) return;
      const worker = openPlace();
      if (worker === undefined) return;
      places.set(message.id, { worker, assignedAt: performance.now(), ready: false });
      bus.publish(LOBBY, { type: 'assign', id: message.id, assignment: { ...base, worker } }).catch(() => {});
    });
    const call = (): void => void bus.publish(LOBBY, { type: 'call', run: base.run }).catch(() => {});
    call();
    const caller = setInterval(() => openPlace() !== undefined && call(), CALL_EVERY_MS);
    process.stderr.write(
      `racedemo: waiting for ${count} remote worker${count === 1 ? '' : 's'}: run 'racedemo worker --store ${displayUrl(base.store.url)}' in another shell or on another machine\n`,
    );
    const timer = setTimeout(() => settle(new RunFailedError(`only ${readyCount()} of ${count} remote workers joined within ${JOIN_MS / 1000} s`)), JOIN_MS);
    const onAbort = (): void => settle(signal?.reason instanceof Error ? signal.reason : new InterruptedError('SIGINT'));
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    const failure = await joined;
    clearTimeout(timer);
    clearInterval(caller);
    signal?.removeEventListener('abort', onAbort);
    if (failure) {
      await remote.close();
      throw failure;
    }
    remote.ids = [...places].filter(([, place]) => place.ready).map(([id]) => id);
    return remote;
  }

  /** Starts a trial on every remote worker; resolves with a failure, or undefined once all have reported. */
  runTrial(trial: number, timeoutMs: number): Promise<TrialOutcome | undefined> {
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
          resolve(outcome);
        },
      };
      if (this.lost) {
        this.onLost();
        return;
      }
      void this.bus.publish(this.run, { type: 'trial', trial, ids: this.ids }).catch((error: unknown) =>
        this.pending?.finish({ state: 'crashed', worker: this.numbers[0] ?? 0, message: `the store's bus failed: ${String(error)}` }),
      );
    });
  }

  private onLost(): void {
    this.lost = true;
    this.pending?.finish({ state: 'crashed', worker: this.numbers[0] ?? 0, message: 'lost the connection to the store' });
  }

  private onRunMessage(message: RunMessage): void {
    const pending = this.pending;
    if (message.type !== 'report' || !pending || message.trial !== pending.trial) return;
    const { report } = message;
    if (report.state === 'threw') {
      pending.finish({ state: 'threw', worker: report.worker, message: report.message });
      return;
    }
    pending.reported.add(report.worker);
    if (this.numbers.every((worker) => pending.reported.has(worker))) pending.finish(undefined);
  }

  /** Tells the workers the run is over. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pending?.finish({ state: 'crashed', worker: 0, message: 'engine closed' });
    await this.bus.publish(this.run, { type: 'end' }).catch(() => {});
    await this.bus.close().catch(() => {});
  }
}
