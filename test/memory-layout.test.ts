// Slots in the flat image: the initial image decodes to the initial values,
// what handles write is what the image decodes to, and the two engines'
// memory (a SharedArrayBuffer view, a segment file) agree byte for byte.
import { describe, expect, it } from 'vitest';
import { createHandles, ViewAccess } from '../dist/src/memory/handles.js';
import { MemoryLayout } from '../dist/src/memory/layout.js';
import { SharedFile as SharedSegment, newSharedFilePath as newSegmentPath } from '../dist/src/memory/shared-file.js';
import { bytes, float64, int32 } from '../dist/src/scenario/api.js';

const spec = { counter: int32(7), numbers: float64([0, 100.5, 200]), flags: int32([1, 2, 3]), text: bytes(16), x: float64(-1.25) };

describe('initialImage → decode', () => {
  it('gives back the initial values of every slot type', () => {
    const layout = new MemoryLayout(spec);
    expect(layout.decode(layout.initialImage())).toEqual({ counter: 7, numbers: [0, 100.5, 200], flags: [1, 2, 3], text: '', x: -1.25 });
  });

  it('places every slot 8-byte aligned, in order, without overlap', () => {
    const layout = new MemoryLayout(spec);
    expect(layout.slots.map((slot) => [slot.name, slot.offset, slot.byteLength])).toEqual([
      ['counter', 0, 4],
      ['numbers', 8, 24],
      ['flags', 32, 12],
      ['text', 48, 16],
      ['x', 64, 8],
    ]);
    expect(layout.size).toBe(72);
  });

  it('keeps extreme values exactly: int32 limits, float64 fractions and negatives', () => {
    const layout = new MemoryLayout({ lo: int32(-2147483648), hi: int32(2147483647), f: float64([0.1 + 0.2, -0, 1e308, Number.MIN_VALUE]) });
    expect(layout.decode(layout.initialImage())).toEqual({ lo: -2147483648, hi: 2147483647, f: [0.1 + 0.2, -0, 1e308, Number.MIN_VALUE] });
  });

  it('an empty spec still has an 8-byte image and decodes to {}', () => {
    const layout = new MemoryLayout({});
    expect(layout.size).toBe(8);
    expect(layout.decode(layout.initialImage())).toEqual({});
  });

  it('every call gives a fresh image (a trial cannot see the last one)', () => {
    const layout = new MemoryLayout(spec);
    const first = layout.initialImage();
    first.fill(0xff);
    expect(layout.decode(layout.initialImage()).counter).toBe(7);
  });
});

describe('handles → decode', () => {
  it('writes through handles land in the image', async () => {
    const layout = new MemoryLayout(spec);
    const image = layout.initialImage();
    const memory = createHandles(layout, new ViewAccess(image.buffer));
    await memory.counter.write(8);
    await memory.numbers.write(2, 201.5);
    await memory.flags.write(0, -5);
    await memory.x.write(3.75);
    await memory.text.write(0, 'worker 1 got 0\n');
    await memory.text.write(14, 'overflowing'); // clipped at the end of the buffer
    expect(layout.decode(image)).toEqual({ counter: 8, numbers: [0, 100.5, 201.5], flags: [-5, 2, 3], text: 'worker 1 got 0ov', x: 3.75 });
    expect(await memory.counter.read()).toBe(8);
    expect(await memory.numbers.read(2)).toBe(201.5);
    expect(await memory.text.read(0, 6)).toBe('worker');
    expect(memory.numbers.length).toBe(3);
    expect(memory.text.size).toBe(16);
  });

  it('reads and writes outside an array are errors, not silent writes into the next slot', async () => {
    const layout = new MemoryLayout(spec);
    const image = layout.initialImage();
    const memory = createHandles(layout, new ViewAccess(image.buffer));
    await expect(memory.numbers.read(3)).rejects.toThrow(/outside numbers/);
    await expect(memory.numbers.write(3, 1)).rejects.toThrow(/outside numbers/);
    await expect(memory.flags.write(-1, 1)).rejects.toThrow(/outside flags/);
    expect(layout.decode(image)).toEqual(layout.decode(layout.initialImage()));
  });

  it('text is UTF-8 and survives a round trip, multi-byte characters included', async () => {
    const layout = new MemoryLayout({ text: bytes(32) });
    const image = layout.initialImage();
    const memory = createHandles(layout, new ViewAccess(image.buffer));
    await memory.text.write(0, 'größe · 7 ✓');
    expect(layout.decode(image)).toEqual({ text: 'größe · 7 ✓' });
  });
});

describe('the processes engine sees the same layout through its segment file', () => {
  it('what handles write in the segment decodes like the same writes in a buffer', async () => {
    const layout = new MemoryLayout(spec);
    const base = 16; // the segment keeps its own state in front of the scenario's memory
    const segment = SharedSegment.create(newSegmentPath(), base + layout.size);
    try {
      segment.write(base, layout.initialImage());
      const buffer = layout.initialImage();
      for (const memory of [createHandles(layout, segment.memoryAccess(base)), createHandles(layout, new ViewAccess(buffer.buffer))]) {
        await memory.counter.write(-3);
        await memory.numbers.write(1, 0.5);
        await memory.flags.write(2, 9);
        await memory.text.write(0, 'hi');
      }
      const fromSegment = segment.read(base, new Uint8Array(layout.size));
      expect(fromSegment).toEqual(buffer);
      expect(layout.decode(fromSegment)).toEqual({ counter: -3, numbers: [0, 0.5, 200], flags: [1, 2, 9], text: 'hi', x: -1.25 });
    } finally {
      segment.destroy();
    }
  });
});
