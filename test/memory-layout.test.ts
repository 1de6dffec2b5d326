// Slots in the flat image: the initial image decodes to the initial values,
// and what handles write is what the image decodes to.
import { expect, it } from 'vitest';
import { createHandles, ViewAccess } from '../dist/src/memory/handles.js';
import { MemoryLayout } from '../dist/src/memory/layout.js';
import { bytes, float64, int32 } from '../dist/src/scenario.js';

const spec = { counter: int32(7), numbers: float64([0, 100.5, 200]), flags: int32([1, 2, 3]), text: bytes(16), x: float64(-1.25) };

it('the initial image decodes to the initial values', () => {
  const layout = new MemoryLayout(spec);
  expect(layout.decode(layout.initialImage())).toEqual({ counter: 7, numbers: [0, 100.5, 200], flags: [1, 2, 3], text: '', x: -1.25 });
  for (const slot of layout.slots) expect(slot.offset % 8).toBe(0);
});

it('writes through handles land in the image', async () => {
  const layout = new MemoryLayout(spec);
  const image = layout.initialImage();
  const memory = createHandles(layout, new ViewAccess(image.buffer));
  await memory.counter.write(8);
  await memory.numbers.write(2, 201.5);
  await memory.text.write(0, 'worker 1 got 0\n');
  await memory.text.write(14, 'overflowing'); // clipped at the end of the buffer
  expect(layout.decode(image)).toMatchObject({ counter: 8, numbers: [0, 100.5, 201.5], text: 'worker 1 got 0ov' });
  await expect(memory.numbers.read(3)).rejects.toThrow(/outside numbers/);
});
