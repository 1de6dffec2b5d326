// Where each named slot lives in a flat byte image, and how to turn that image
// into plain values and back. Engines only move bytes; this module gives them
// meaning, so threads and processes agree on the layout by construction.
import { UsageError } from '../errors.js';
import type { MemorySpec, MemoryValues, Slot } from '../scenario/api.js';

/** The most shared memory one run may have: enough for any lesson, far from what could exhaust a machine or a store. */
export const memoryLimit = 16 * 1_048_576;

/** A slot with its place in the image. Offsets are 8-byte aligned. */
export interface PlacedSlot {
  readonly name: string;
  readonly slot: Slot;
  readonly offset: number;
  readonly byteLength: number;
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

export function slotByteLength(slot: Slot): number {
  switch (slot.kind) {
    case 'scalar':
      return slot.type === 'int32' ? 4 : 8;
    case 'array':
      return slot.initial.length * (slot.type === 'int32' ? 4 : 8);
    case 'bytes':
      return slot.size;
  }
}

export class MemoryLayout<M extends MemorySpec = MemorySpec> {
  readonly slots: readonly PlacedSlot[];
  /** Bytes the image needs (at least 8, so that an empty spec still has a buffer). */
  readonly size: number;

  constructor(spec: M) {
    const slots: PlacedSlot[] = [];
    let offset = 0;
    for (const [name, slot] of Object.entries(spec)) {
      const byteLength = slotByteLength(slot);
      slots.push({ name, slot, offset, byteLength });
      offset += Math.ceil(byteLength / 8) * 8;
    }
    // Checked before anything allocates it: a built-in scenario's memory grows with --workers and --iterations.
    if (offset > memoryLimit) {
      throw new UsageError(`this workload needs ${offset.toLocaleString('en-US')} bytes of shared memory, more than racedemo's ${memoryLimit.toLocaleString('en-US')}: lower --workers or --iterations`);
    }
    this.slots = slots;
    this.size = Math.max(8, offset);
  }

  /** The image every trial starts from. */
  initialImage(): Uint8Array {
    const image = new Uint8Array(this.size);
    const view = new DataView(image.buffer);
    for (const { slot, offset } of this.slots) {
      if (slot.kind === 'bytes') continue;
      const values = slot.kind === 'scalar' ? [slot.initial] : slot.initial;
      values.forEach((value, index) => writeNumber(view, slot.type, offset + index * width(slot.type), value));
    }
    return image;
  }

  /** Plain values from an image (the final memory of a trial). */
  decode(image: Uint8Array): MemoryValues<M> {
    const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
    const values: Record<string, number | number[] | string> = {};
    for (const { name, slot, offset, byteLength } of this.slots) {
      if (slot.kind === 'bytes') {
        values[name] = decodeText(image.subarray(offset, offset + byteLength));
      } else if (slot.kind === 'scalar') {
        values[name] = readNumber(view, slot.type, offset);
      } else {
        values[name] = slot.initial.map((_, index) => readNumber(view, slot.type, offset + index * width(slot.type)));
      }
    }
    return values as MemoryValues<M>;
  }
}

export function width(type: 'int32' | 'float64'): number {
  return type === 'int32' ? 4 : 8;
}

function readNumber(view: DataView, type: 'int32' | 'float64', offset: number): number {
  return type === 'int32' ? view.getInt32(offset, true) : view.getFloat64(offset, true);
}

function writeNumber(view: DataView, type: 'int32' | 'float64', offset: number, value: number): void {
  if (type === 'int32') view.setInt32(offset, value, true);
  else view.setFloat64(offset, value, true);
}

export function encodeText(text: string): Uint8Array {
  return textEncoder.encode(text);
}

/** Text up to the first NUL; invalid UTF-8 (a torn write) shows as U+FFFD. */
export function decodeText(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return textDecoder.decode(end === -1 ? bytes : bytes.subarray(0, end));
}
