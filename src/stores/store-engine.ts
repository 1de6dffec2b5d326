// An Engine whose slots live in a store: it creates the run's rows or keys,
// resets them before each trial, lets the local engine's workers (each with
// its own connection) and any remote workers race on them, reads the final
// values back, and drops everything on close. The runner cannot tell it from
// the plain engines.
import { performance } from 'node:perf_hooks';
import { lockNamesOf } from '../deadlock.js';
import { localWorkers, startLocalEngine, type Engine, type EngineSetup, type TrialOutcome } from '../engines/engine.js';
import type { EngineName } from '../scenario.js';
import { RemoteWorkers } from './remote.js';
import { openAdmin, openBus, type StoreAdmin, type StoreSpec } from './store.js';

type StoreSetup = EngineSetup & { store: StoreSpec };

export class StoreEngine implements Engine {
  private readonly initialImage: Uint8Array;
  private trial = 0;
  private closed = false;

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
        const bus = await openBus(setup.store.kind, setup.store.url);
        const scenario = setup.scenarioUrl;
        remote = await RemoteWorkers.gather(bus, { run: setup.store.run, scenario, options: setup.options, lock: setup.lock, store: setup.store, timeoutMs: setup.timeoutMs }, localWorkers(setup) + 1, count);
      }
      const local = localWorkers(setup) > 0 ? await startLocalEngine(name, setup) : undefined;
      return new StoreEngine(name, setup, admin, local, remote);
    } catch (error) {
      await remote?.close();
      await dropAndClose(admin);
      throw error;
    }
  }

  async runTrial(): Promise<TrialOutcome> {
    const trial = ++this.trial;
    await this.admin.reset(this.initialImage);
    const started = performance.now();
    // Remote workers start on the published signal, local ones at their engine's barrier: about together.
    const remote = this.remote?.runTrial(trial, this.setup.timeoutMs);
    const local = await this.local?.runTrial();
    const remoteFailure = await remote;
    if (local && local.state !== 'completed') return local;
    if (remoteFailure) return remoteFailure;
    const ms = local && !this.remote ? local.ms : performance.now() - started;
    const image = await this.admin.snapshot();
    return { state: 'completed', image, ms, ...(local?.steps ? { steps: local.steps } : {}) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Workers first: a dead connection's transaction ends, so DROP TABLE is not left waiting on its row lock.
    await Promise.allSettled([this.local?.close(), this.remote?.close()]);
    await dropAndClose(this.admin);
  }
}

async function dropAndClose(admin: StoreAdmin): Promise<void> {
  await admin.drop().catch(() => {});
  await admin.close().catch(() => {});
}
