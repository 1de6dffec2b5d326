// A store keeps each slot as one value of bytes (a bytea row, a Redis string)
// laid out exactly as in shared memory's image. This turns the image offsets that
// handles use into (slot, offset in slot) and back, so that one read or write
// of an element is one statement or command, atomic on its own, as a memory
// access is: the race stays between a worker's read and its write.
import type { MemoryAccess } from '../memory/handles.js';
import type { MemoryLayout, PlacedSlot } from '../memory/layout.js';

/** Reads and writes a byte range of one slot's value; what a driver provides. */
export interface SlotRanges {
  read(slot: string, start: number, length: number): Promise<Uint8Array>;
  write(slot: string, start: number, bytes: Uint8Array): Promise<void>;
}

export class SlotMap {
  constructor(private readonly layout: MemoryLayout) {}

  get names(): string[] {
    return this.layout.slots.map((placed) => placed.name);
  }

  /** Each slot's bytes in the image. */
  split(image: Uint8Array): Array<{ name: string; bytes: Uint8Array }> {
    return this.layout.slots.map(({ name, offset, byteLength }) => ({ name, bytes: image.slice(offset, offset + byteLength) }));
  }

  /** The image from each slot's bytes (missing slots stay zero). */
  join(values: ReadonlyMap<string, Uint8Array>): Uint8Array {
    const image = new Uint8Array(this.layout.size);
    for (const { name, offset, byteLength } of this.layout.slots) {
      const bytes = values.get(name);
      if (bytes) image.set(bytes.subarray(0, byteLength), offset);
    }
    return image;
  }

  locate(offset: number): { name: string; start: number } {
    // An empty slot shares its offset with the next one and holds no byte: it is never the one addressed.
    const placed = this.layout.slots.find((slot: PlacedSlot) => offset >= slot.offset && offset < slot.offset + slot.byteLength);
    if (!placed) throw new RangeError(`offset ${offset} is in no slot`);
    return { name: placed.name, start: offset - placed.offset };
  }

  /** Handles' MemoryAccess over a driver's byte ranges: one round trip per access. */
  access(ranges: SlotRanges): MemoryAccess {
    const read = async (offset: number, length: number): Promise<DataView> => {
      const { name, start } = this.locate(offset);
      const bytes = await ranges.read(name, start, length);
      const copy = new Uint8Array(length);
      copy.set(bytes.subarray(0, length));
      return new DataView(copy.buffer);
    };
    const write = (offset: number, bytes: Uint8Array): Promise<void> => {
      const { name, start } = this.locate(offset);
      return ranges.write(name, start, bytes);
    };
    const encoded = (length: number, fill: (view: DataView) => void): Uint8Array => {
      const bytes = new Uint8Array(length);
      fill(new DataView(bytes.buffer));
      return bytes;
    };
    return {
      getInt32: async (offset) => (await read(offset, 4)).getInt32(0, true),
      setInt32: (offset, value) => write(offset, encoded(4, (view) => view.setInt32(0, value, true))),
      getFloat64: async (offset) => (await read(offset, 8)).getFloat64(0, true),
      setFloat64: (offset, value) => write(offset, encoded(8, (view) => view.setFloat64(0, value, true))),
      getBytes: async (offset, length) => (length === 0 ? new Uint8Array(0) : new Uint8Array((await read(offset, length)).buffer)),
      setBytes: (offset, bytes) => (bytes.length === 0 ? Promise.resolve() : write(offset, bytes)),
    };
  }
}
