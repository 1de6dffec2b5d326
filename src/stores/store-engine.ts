// An Engine whose slots live in a store: it creates the run's rows or keys,
// resets them before each trial, lets the local engine's workers (each with
// its own connection) and any remote workers race on them, reads the final
// values back, and drops everything on close. The runner cannot tell it from
// the plain engines.
import { performance } from 'node:perf_hooks';
import { lockNamesOf } from '../scenario/lock-names.js';
import { RunFailedError, UsageError } from '../errors.js';
import { localWorkers, type Engine, type EngineSetup, type TrialOutcome } from '../executors/executor.js';
import { startLocalEngine } from '../executors/local.js';
import type { EngineName } from '../scenario/api.js';
import { scenarioRefOf } from '../trust/scenario-ref.js';
import { howToSetSecret } from '../trust/secret.js';
import { SignedBus } from '../trust/signed-bus.js';
import { RemoteWorkers } from '../remote/coordinator.js';
import { openAdmin, openBus } from './drivers.js';
import { displayUrl, storeMessage, type StoreAdmin, type StoreSpec } from './store.js';

type StoreSetup = EngineSetup & { store: StoreSpec };

export class StoreEngine implements Engine {
  private readonly initialImage: Uint8Array;
  private trial = 0;
  private closing: Promise<void> | undefined;

  private constructor(
    readonly name: EngineName,
    private readonly setup: StoreSetup,
    private readonly admin: StoreAdmin,
    private readonly local: Engine | undefined,
    private readonly remote: RemoteWorkers | undefined,
  ) {
    this.initialImage = setup.layout.initialImage();
  }

  static async start(name: EngineName, setup: StoreSetup): Promise<StoreEngine> {
    const admin = await openAdmin(setup.store, setup.layout, lockNamesOf(setup.scenario));
    let remote: RemoteWorkers | undefined;
    try {
      const count = setup.remoteWorkers ?? 0;
      if (count > 0) {
        if (!setup.secret) throw new UsageError(howToSetSecret);
        const bus = new SignedBus(await openBus(setup.store.kind, setup.store.url), setup.secret);
        // No URL, path or password: each worker connects with its own --store URL and finds the scenario itself.
        const { run, lock: storeLock, lockTtlMs } = setup.store;
        const base = { run, scenario: scenarioRefOf(setup.scenarioUrl), options: setup.options, lock: setup.lock, storeLock, lockTtlMs, timeoutMs: setup.timeoutMs };
        remote = await RemoteWorkers.gather(bus, base, setup.store.url, localWorkers(setup) + 1, count, setup.signal);
      }
      const local = localWorkers(setup) > 0 ? await startLocalEngine(name, setup) : undefined;
      return new StoreEngine(name, setup, admin, local, remote);
    } catch (error) {
      await remote?.close();
      await dropAndClose(admin, setup.store);
      throw error;
    }
  }

  async runTrial(): Promise<TrialOutcome> {
    const trial = ++this.trial;
    await this.onStore(trial, () => this.admin.reset(this.initialImage));
    // Closed (Ctrl-C) while the reset was on the network: the local engine is gone.
    if (this.closing) return { state: 'crashed', worker: 0, message: 'engine closed' };
    const started = performance.now();
    // Remote workers start on the published signal, local ones at their engine's barrier: about together.
    const remote = this.remote?.runTrial(trial, this.setup.timeoutMs);
    const localTrial = this.local?.runTrial();
    if (localTrial && remote) {
      // A remote worker that crashes or leaves ends the trial at once: the local ones may be waiting on its lock.
      const never = new Promise<never>(() => {});
      const first = await Promise.race([localTrial, remote.then((failure) => (failure?.state === 'crashed' ? failure : never))]);
      if (first.state === 'crashed' && first.worker > localWorkers(this.setup)) return first;
    }
    const local = await localTrial;
    const remoteFailure = await remote;
    // A worker that hangs holding the lock makes the others hang too: name every worker that did not finish.
    if (local?.state === 'hung' && remoteFailure?.state === 'hung') {
      return { ...local, workers: [...local.workers, ...remoteFailure.workers] };
    }
    if (local && local.state !== 'completed') return local;
    if (remoteFailure) return remoteFailure;
    const ms = local && !this.remote ? local.ms : performance.now() - started;
    const image = await this.onStore(trial, () => this.admin.snapshot());
    // Remote workers' clocks are other machines': overlap is measured only when every worker is local.
    const overlap = local && !this.remote && local.overlapped !== undefined ? { overlapped: local.overlapped } : {};
    return { state: 'completed', image, ms, ...overlap, ...(local?.steps ? { steps: local.steps } : {}) };
  }

  /** The coordinator's own statements: a store that fails them ends the run with one line. */
  private async onStore<T>(trial: number, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      const reason = storeMessage(error);
      throw new RunFailedError(`trial ${trial}: the store at ${displayUrl(this.setup.store.url)} failed: ${reason}`, { cause: error });
    }
  }

  /** Safe to call twice: the second call waits for the first. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      // Workers first: a dead connection's transaction ends, so DROP TABLE is not left waiting on its row lock.
      await Promise.allSettled([this.local?.close(), this.remote?.close()]);
      await dropAndClose(this.admin, this.setup.store);
    })();
    return this.closing;
  }
}

/** Drops the run's rows or keys; if the store refuses, says which are left, on stderr: the run's result stands. */
async function dropAndClose(admin: StoreAdmin, spec: StoreSpec): Promise<void> {
  await admin.drop().catch((error: unknown) => {
    const reason = storeMessage(error);
    process.stderr.write(`racedemo: could not remove ${spec.run} from ${displayUrl(spec.url)} (${reason}); remove it by hand\n`);
  });
  await admin.close().catch(() => {});
}
