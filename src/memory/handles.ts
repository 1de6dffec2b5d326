// The awaitable handles a worker body uses, built over the MemoryAccess that
// a Memory backend's worker half provides: a SharedArrayBuffer view or
// positional file I/O (both synchronous), or a store (a network round trip).
import type { ArrayHandle, BytesHandle, MemoryHandles, MemorySpec, ScalarHandle } from '../scenario/api.js';
import { decodeText, encodeText, width, type MemoryLayout, type PlacedSlot } from './layout.js';

type Awaitable<T> = T | Promise<T>;

/** Raw access to a trial's memory image. Offsets are image offsets. */
export interface MemoryAccess {
  getInt32(offset: number): Awaitable<number>;
  setInt32(offset: number, value: number): Awaitable<void>;
  getFloat64(offset: number): Awaitable<number>;
  setFloat64(offset: number, value: number): Awaitable<void>;
  getBytes(offset: number, length: number): Awaitable<Uint8Array>;
  setBytes(offset: number, bytes: Uint8Array): Awaitable<void>;
}

/** A MemoryAccess over bytes this thread can address (a SharedArrayBuffer or a plain buffer). */
export class ViewAccess implements MemoryAccess {
  private readonly view: DataView;
  private readonly bytes: Uint8Array;

  constructor(buffer: ArrayBufferLike, byteOffset = 0, byteLength = buffer.byteLength - byteOffset) {
    this.view = new DataView(buffer, byteOffset, byteLength);
    this.bytes = new Uint8Array(buffer, byteOffset, byteLength);
  }

  getInt32(offset: number): number {
    return this.view.getInt32(offset, true);
  }
  setInt32(offset: number, value: number): void {
    this.view.setInt32(offset, value, true);
  }
  getFloat64(offset: number): number {
    return this.view.getFloat64(offset, true);
  }
  setFloat64(offset: number, value: number): void {
    this.view.setFloat64(offset, value, true);
  }
  getBytes(offset: number, length: number): Uint8Array {
    return this.bytes.slice(offset, offset + length);
  }
  setBytes(offset: number, bytes: Uint8Array): void {
    this.bytes.set(bytes, offset);
  }
}

/** One shared-memory access, as a trace or a schedule records it. */
export interface AccessEvent {
  op: 'read' | 'write';
  slot: string;
  /** The element, for arrays; the byte offset, for byte buffers. */
  index?: number;
  value: number | string;
}

/**
 * Watches every access: `before` runs first and may hold it back (the
 * explorer's switch point); `after` sees what was read or written (the trace).
 */
export interface AccessObserver {
  before?(): Promise<void>;
  after?(event: AccessEvent): void;
}

export function createHandles<M extends MemorySpec>(
  layout: MemoryLayout<M>,
  access: MemoryAccess,
  observer: AccessObserver = {},
): MemoryHandles<M> {
  const handles: Record<string, ScalarHandle | ArrayHandle | BytesHandle> = {};
  for (const placed of layout.slots) handles[placed.name] = createHandle(placed, access, observer);
  return handles as MemoryHandles<M>;
}

function createHandle(placed: PlacedSlot, access: MemoryAccess, { before, after }: AccessObserver): ScalarHandle | ArrayHandle | BytesHandle {
  const { slot, offset, name } = placed;
  if (slot.kind === 'bytes') return bytesHandle(placed, access, { before, after });
  const step = width(slot.type);
  const get = slot.type === 'int32' ? access.getInt32.bind(access) : access.getFloat64.bind(access);
  const set = slot.type === 'int32' ? access.setInt32.bind(access) : access.setFloat64.bind(access);
  if (slot.kind === 'scalar') {
    return {
      read: async () => {
        if (before) await before();
        const pending = get(offset);
        const value = typeof pending === 'number' ? pending : await pending;
        after?.({ op: 'read', slot: name, value });
        return value;
      },
      write: async (value: number) => {
        if (before) await before();
        const pending = set(offset, value);
        if (pending) await pending;
        after?.({ op: 'write', slot: name, value });
      },
    };
  }
  const length = slot.initial.length;
  const at = (index: number): number => {
    if (!Number.isInteger(index) || index < 0 || index >= length) {
      throw new RangeError(`index ${index} is outside ${name} (length ${length})`);
    }
    return offset + index * step;
  };
  return {
    length,
    read: async (index: number) => {
      if (before) await before();
      const pending = get(at(index));
      const value = typeof pending === 'number' ? pending : await pending;
      after?.({ op: 'read', slot: name, index, value });
      return value;
    },
    write: async (index: number, value: number) => {
      if (before) await before();
      const pending = set(at(index), value);
      if (pending) await pending;
      after?.({ op: 'write', slot: name, index, value });
    },
  };
}

function bytesHandle({ offset, byteLength, name }: PlacedSlot, access: MemoryAccess, { before, after }: AccessObserver): BytesHandle {
  const clamp = (start: number, length: number): [number, number] => {
    const from = Math.min(Math.max(0, Math.trunc(start)), byteLength);
    return [from, Math.max(0, Math.min(length, byteLength - from))];
  };
  return {
    size: byteLength,
    read: async (start: number, length: number) => {
      if (before) await before();
      const [from, count] = clamp(start, length);
      const value = decodeText(await access.getBytes(offset + from, count));
      after?.({ op: 'read', slot: name, index: from, value });
      return value;
    },
    write: async (start: number, text: string) => {
      if (before) await before();
      const encoded = encodeText(text);
      const [from, count] = clamp(start, encoded.length);
      await access.setBytes(offset + from, encoded.subarray(0, count));
      after?.({ op: 'write', slot: name, index: from, value: text });
    },
  };
}
