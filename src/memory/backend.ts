// Where a run's slots live, in two halves. The coordinator's half (Memory)
// creates the slots, puts them back before each trial, reads the final values
// and removes everything on close; each worker opens its own half
// (WorkerMemory) from a plain spec that crosses threads, processes and the
// network. Implementations: a SharedArrayBuffer (buffer.ts), a shared file
// (file.ts), a PostgreSQL table or Redis keys (stores/memory.ts). Executors
// see only these interfaces; run/compose.ts picks the backend.
import type { Lock } from '../scenario/api.js';
import type { StoreSpec } from '../stores/store.js';
import type { MemoryAccess } from './handles.js';
import type { MemoryLayout } from './layout.js';

/** What a worker needs to open its half. Plain data. */
export type MemorySpec =
  | { kind: 'buffer'; buffer: SharedArrayBuffer }
  /** A descriptor open in the coordinator's process; a child process gets it as one of its inherited ones (see `inheritedAs`). */
  | { kind: 'file'; fd: number }
  | { kind: 'store'; store: StoreSpec };

/** The coordinator's half. */
export interface Memory {
  readonly spec: MemorySpec;
  /**
   * True when a worker can reset and read the slots itself, synchronously
   * (shared memory): an executor may then run trials back to back without
   * the coordinator. False for a store: the coordinator resets and reads.
   */
  readonly local: boolean;
  /** True when the backend brings its own locks (a store's); executors then make none. */
  readonly ownLocks: boolean;
  /** Descriptors a child process must inherit to open `spec`. */
  readonly fds: readonly number[];
  /** Puts every slot back to its initial value, before a trial. */
  reset(): Promise<void>;
  /** The final values, as an image of the layout. */
  snapshot(): Promise<Uint8Array>;
  /** Frees or removes everything. Safe to call twice. */
  close(): Promise<void>;
}

/** A worker's half. */
export interface WorkerMemory {
  access: MemoryAccess;
  /** The backend's own locks, one per lock name (absent: the executor's). */
  locks?: Lock[];
  /** Runs after each body: a store gives back whatever lock the body still holds. */
  endTrial?(): Promise<void>;
  /** Local memory only: what an executor's leader uses between trials it runs on its own. */
  reset?(): void;
  snapshot?(): Uint8Array;
  close(): Promise<void>;
}

/** The same spec as seen by a child process that inherited `fds` (its own numbers for `Memory.fds`, in order). */
export function inheritedAs(spec: MemorySpec, fds: readonly number[]): MemorySpec {
  if (spec.kind !== 'file') return spec;
  const fd = fds[0];
  if (fd === undefined) throw new Error('the shared memory file was not inherited');
  return { kind: 'file', fd };
}

/** Opens a worker's half; a store's driver is loaded only when a store is asked for. */
export async function openWorkerMemory(spec: MemorySpec, layout: MemoryLayout, lockNames: readonly string[]): Promise<WorkerMemory> {
  switch (spec.kind) {
    case 'buffer':
      return (await import('./buffer.js')).openBufferHalf(spec.buffer, layout);
    case 'file':
      return (await import('./file.js')).openFileHalf(spec.fd, layout);
    case 'store':
      return (await import('../stores/drivers.js')).openSession(spec.store, layout, lockNames);
  }
}
