// Slots in a shared file: the processes executor's memory. Its name is
// removed at once: child processes inherit the open descriptor (Memory.fds),
// so even a kill -9 of racedemo leaves nothing in /dev/shm.
import type { Memory, WorkerMemory } from './backend.js';
import type { MemoryLayout } from './layout.js';
import { SharedFile, newSharedFilePath } from './shared-file.js';

export class FileMemory implements Memory {
  readonly local = true;
  readonly ownLocks = false;
  readonly spec: { kind: 'file'; fd: number };
  readonly fds: readonly number[];
  private readonly file: SharedFile;
  private readonly initialImage: Uint8Array;
  private closed = false;

  constructor(private readonly layout: MemoryLayout) {
    this.file = SharedFile.create(`${newSharedFilePath()}-memory`, layout.size);
    this.file.unlink();
    this.initialImage = layout.initialImage();
    this.file.write(0, this.initialImage);
    this.spec = { kind: 'file', fd: this.file.fd };
    this.fds = [this.file.fd];
  }

  async reset(): Promise<void> {
    this.file.write(0, this.initialImage);
  }

  async snapshot(): Promise<Uint8Array> {
    return this.file.read(0, new Uint8Array(this.layout.size));
  }

  /** Synchronous, for exit handlers: the descriptor is the only thing to free. */
  destroyNow(): void {
    if (this.closed) return;
    this.closed = true;
    this.file.destroy();
  }

  async close(): Promise<void> {
    this.destroyNow();
  }
}

export function openFileHalf(fd: number, layout: MemoryLayout): WorkerMemory {
  const file = SharedFile.inherited(fd);
  const initialImage = layout.initialImage();
  return {
    access: file.memoryAccess(),
    reset: () => file.write(0, initialImage),
    snapshot: () => file.read(0, new Uint8Array(layout.size)),
    // The descriptor belongs to the process, not to this half: the executor's exit closes it.
    close: async () => {},
  };
}
