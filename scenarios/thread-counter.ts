// The tutorial's first example: threads read a shared counter, wait, and write
// it back plus one. Two threads that both read before either writes lose one update.
import { defineScenario, int32 } from '../src/scenario/api.js';

export default defineScenario({
  name: 'thread-counter',
  summary: 'Threads read a shared counter, wait, then write it back + 1',
  engine: 'threads',
  defaults: { workers: 2, iterations: 10, window: 0.2, pause: 0 },
  tutorial: { workers: 2, iterations: 1, window: 100, pause: 0 },
  lesson: {
    what: 'Each worker copies the shared counter, waits for the race window, then stores its copy + 1.',
    whyItRaces:
      'Reading and writing are two steps. When two workers both read the same value before either writes, ' +
      'both store value + 1 and one increment is lost: the tutorial ends at 1 instead of 2. ' +
      'The lock makes read-wait-write one indivisible step.',
    body: `for (let i = 0; i < iterations; i++) {
  await lock.run(async () => {
    const copy = await memory.counter.read();
    await sleep(window);                  // the race window
    await memory.counter.write(copy + 1);
  });
  await sleep(pause);
}`,
  },
  memory: () => ({ counter: int32(0) }),
  expected: ({ workers, iterations }) => ({ counter: workers * iterations }),
  async worker({ memory, lock, sleep, options }) {
    for (let i = 0; i < options.iterations; i++) {
      await lock.run(async () => {
        const copy = await memory.counter.read();
        await sleep(options.window);
        await memory.counter.write(copy + 1);
      });
      await sleep(options.pause);
    }
  },
});
