// Slots in a store: the coordinator's half of a PostgreSQL table or Redis
// keys. It creates the run's rows or keys, resets them before each trial,
// reads the final values back, and drops everything on close. Every worker,
// local or remote, opens its own session (drivers.ts) on the same rows.
import { RunFailedError } from '../errors.js';
import type { Memory } from '../memory/backend.js';
import type { MemoryLayout } from '../memory/layout.js';
import { openAdmin } from './drivers.js';
import { displayUrl, storeMessage, type StoreAdmin, type StoreSpec } from './store.js';

export class StoreMemory implements Memory {
  readonly local = false;
  readonly ownLocks = true;
  readonly fds = [];
  readonly spec: { kind: 'store'; store: StoreSpec };
  private readonly initialImage: Uint8Array;
  /** The trial under way: what a failure of the store's is said of. */
  private trial = 0;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly store: StoreSpec,
    private readonly admin: StoreAdmin,
    layout: MemoryLayout,
  ) {
    this.spec = { kind: 'store', store };
    this.initialImage = layout.initialImage();
  }

  static async open(store: StoreSpec, layout: MemoryLayout, lockNames: readonly string[]): Promise<StoreMemory> {
    return new StoreMemory(store, await openAdmin(store, layout, lockNames), layout);
  }

  reset(): Promise<void> {
    this.trial++;
    return this.onStore(() => this.admin.reset(this.initialImage));
  }

  snapshot(): Promise<Uint8Array> {
    return this.onStore(() => this.admin.snapshot());
  }

  /** The coordinator's own statements: a store that fails them ends the run with one line. */
  private async onStore<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      const reason = storeMessage(error);
      throw new RunFailedError(`trial ${this.trial}: the store at ${displayUrl(this.store.url)} failed: ${reason}`, { cause: error });
    }
  }

  /**
   * Drops the run's rows or keys; if the store refuses, says which are left, on
   * stderr: the run's result stands. Close the workers first: a dead
   * connection's transaction ends, so DROP TABLE is not left waiting on its row
   * lock. Safe to call twice.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.admin.drop().catch((error: unknown) => {
        const reason = storeMessage(error);
        process.stderr.write(`racedemo: could not remove ${this.store.run} from ${displayUrl(this.store.url)} (${reason}); remove it by hand\n`);
      });
      await this.admin.close().catch(() => {});
    })();
    return this.closing;
  }
}
