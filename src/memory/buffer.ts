// Slots in a SharedArrayBuffer: the threads executor's memory. Every worker
// thread gets the same buffer (structured clone shares it), so the race on
// it is a real race between threads.
import type { Memory, WorkerMemory } from './backend.js';
import { ViewAccess } from './handles.js';
import type { MemoryLayout } from './layout.js';

export class BufferMemory implements Memory {
  readonly local = true;
  readonly ownLocks = false;
  readonly fds = [];
  readonly spec: { kind: 'buffer'; buffer: SharedArrayBuffer };
  private readonly bytes: Uint8Array;
  private readonly initialImage: Uint8Array;

  constructor(layout: MemoryLayout) {
    const buffer = new SharedArrayBuffer(layout.size);
    this.spec = { kind: 'buffer', buffer };
    this.bytes = new Uint8Array(buffer);
    this.initialImage = layout.initialImage();
  }

  async reset(): Promise<void> {
    this.bytes.set(this.initialImage);
  }

  async snapshot(): Promise<Uint8Array> {
    return this.bytes.slice();
  }

  async close(): Promise<void> {}
}

export function openBufferHalf(buffer: SharedArrayBuffer, layout: MemoryLayout): WorkerMemory {
  const bytes = new Uint8Array(buffer);
  const initialImage = layout.initialImage();
  return {
    access: new ViewAccess(buffer),
    reset: () => bytes.set(initialImage),
    snapshot: () => bytes.slice(),
    close: async () => {},
  };
}
