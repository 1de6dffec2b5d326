// The coordinator's side of remote workers: gathers N `racedemo worker`
// processes through the store's lobby channel, then, each trial, publishes the
// start signal and collects one report from each. A remote worker that does not
// report within the trial timeout is reported as hung, like a local one.
import { RunFailedError } from '../errors.js';
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

export class RemoteWorkers {
  private readonly numbers: number[];
  private pending: PendingTrial | undefined;
  private closed = false;

  private constructor(
    private readonly bus: MessageBus,
    private readonly run: string,
    first: number,
    count: number,
  ) {
    this.numbers = Array.from({ length: count }, (_, index) => first + index);
  }

  /** Waits until `count` workers have joined and are ready, numbered from `first`. */
  static async gather(bus: MessageBus, base: Omit<Assignment, 'worker'>, first: number, count: number): Promise<RemoteWorkers> {
    const remote = new RemoteWorkers(bus, base.run, first, count);
    const assigned = new Map<string, number>();
    const ready = new Set<number>();
    let settle: (failure?: string) => void = () => {};
    const joined = new Promise<string | undefined>((resolve) => (settle = resolve));
    await bus.subscribe(base.run, (raw) => {
      const message = asRunMessage(raw);
      if (message?.type === 'ready' && remote.numbers.includes(message.worker)) {
        ready.add(message.worker);
        if (ready.size === count) settle();
      } else if (message?.type === 'failed') {
        settle(`remote worker ${message.worker} could not start: ${message.message}`);
      } else if (message) {
        remote.onRunMessage(message);
      }
    });
    await bus.subscribe(LOBBY, (raw) => {
      const message = asLobbyMessage(raw);
      if (message?.type !== 'hello' || assigned.has(message.id) || assigned.size >= count) return;
      const worker = first + assigned.size;
      assigned.set(message.id, worker);
      void bus.publish(LOBBY, { type: 'assign', id: message.id, assignment: { ...base, worker } });
    });
    await bus.publish(LOBBY, { type: 'call', run: base.run });
    process.stderr.write(
      `racedemo: waiting for ${count} remote worker${count === 1 ? '' : 's'}: run 'racedemo worker --store ${displayUrl(base.store.url)}' in another shell or on another machine\n`,
    );
    const timer = setTimeout(() => settle(`only ${ready.size} of ${count} remote workers joined within ${JOIN_MS / 1000} s`), JOIN_MS);
    const failure = await joined;
    clearTimeout(timer);
    if (failure) {
      await remote.close();
      throw new RunFailedError(failure);
    }
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
      void this.bus.publish(this.run, { type: 'trial', trial }).catch((error: unknown) =>
        this.pending?.finish({ state: 'crashed', worker: this.numbers[0] ?? 0, message: `the store's bus failed: ${String(error)}` }),
      );
    });
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
