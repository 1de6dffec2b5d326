// Every Memory backend keeps the same slots the same way: what a worker's half
// writes, the coordinator's snapshot reads byte for byte, and reset() puts the
// initial values back. Real shared memory, a real shared file, real servers.
import { describe, expect, it } from 'vitest';
import type { Memory, WorkerMemory } from '../dist/src/memory/backend.js';
import { openWorkerMemory } from '../dist/src/memory/backend.js';
import { BufferMemory } from '../dist/src/memory/buffer.js';
import { FileMemory } from '../dist/src/memory/file.js';
import { createHandles } from '../dist/src/memory/handles.js';
import { MemoryLayout } from '../dist/src/memory/layout.js';
import { StoreMemory } from '../dist/src/stores/memory.js';
import { newRunName } from '../dist/src/stores/store.js';
import { canRunPostgres, canRunRedis, leftovers, serverFor, startPostgres, startRedis } from './stores/servers.js';

const layout = new MemoryLayout({
  counter: { kind: 'scalar', type: 'int32', initial: 7 },
  balances: { kind: 'array', type: 'float64', initial: [1.5, 2.5, 3.5] },
  note: { kind: 'bytes', size: 8 },
});

/** Writes through the worker's half, then checks the coordinator sees it and that reset() undoes it. */
async function roundTrip(memory: Memory, worker: WorkerMemory): Promise<void> {
  await memory.reset();
  expect(layout.decode(await memory.snapshot())).toEqual({ counter: 7, balances: [1.5, 2.5, 3.5], note: '' });
  const handles = createHandles(layout, worker.access);
  await handles.counter.write((await handles.counter.read()) + 35);
  await handles.balances.write(2, 10.25);
  await handles.note.write(0, 'race');
  expect(layout.decode(await memory.snapshot())).toEqual({ counter: 42, balances: [1.5, 2.5, 10.25], note: 'race' });
  await memory.reset();
  expect(layout.decode(await memory.snapshot())).toEqual({ counter: 7, balances: [1.5, 2.5, 3.5], note: '' });
  expect(await handles.counter.read()).toBe(7);
}

describe('local memory: the coordinator and a worker share the same bytes', () => {
  for (const [name, make] of [
    ['a SharedArrayBuffer', () => new BufferMemory(layout)],
    ['a shared file', () => new FileMemory(layout)],
  ] as const) {
    it(`${name}: a worker's writes are the snapshot, and reset() restores the initial values`, async () => {
      const memory = make();
      const worker = await openWorkerMemory(memory.spec, layout, ['lock']);
      try {
        expect(memory.local).toBe(true);
        await roundTrip(memory, worker);
        // The worker's own reset and snapshot (what a batch leader uses) agree with the coordinator's.
        await createHandles(layout, worker.access).counter.write(99);
        expect(worker.snapshot?.()).toEqual(await memory.snapshot());
        worker.reset?.();
        expect(layout.decode(await memory.snapshot())).toMatchObject({ counter: 7 });
      } finally {
        await worker.close();
        await memory.close();
        await memory.close(); // safe twice
      }
    });
  }
});

const stores = [
  { name: 'postgres', available: canRunPostgres, start: startPostgres, lock: 'for-update' },
  { name: 'redis', available: canRunRedis, start: startRedis, lock: 'set-nx' },
] as const;

for (const store of stores) {
  describe.skipIf(!store.available)(`a store's memory on ${store.name}`, () => {
    const server = serverFor(store.start);

    it("a session's writes are the coordinator's snapshot, reset() restores them, and close() removes everything", async () => {
      const spec = { kind: store.name, url: server.url, lock: store.lock, run: newRunName(), lockTtlMs: 10_000 } as const;
      const memory = await StoreMemory.open(spec, layout, ['lock']);
      const worker = await openWorkerMemory(memory.spec, layout, ['lock']);
      try {
        expect(memory.local).toBe(false);
        expect(memory.ownLocks).toBe(true);
        expect(worker.locks).toHaveLength(1);
        await roundTrip(memory, worker);
      } finally {
        await worker.close();
        await memory.close();
        await memory.close(); // safe twice
      }
      expect(await leftovers(server.url)).toEqual([]);
    });
  });
}
