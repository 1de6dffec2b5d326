// The tutorial's shared Array('d', [0, 100, 200]): processes add 1 to every
// element, `iterations` times each.
import { defineScenario, float64 } from '../src/scenario/api.js';

const start = [0, 100, 200];

export default defineScenario({
  name: 'process-array',
  summary: 'Processes add 1 to every element of a shared array of doubles [0, 100, 200]',
  engine: 'processes',
  defaults: { workers: 2, iterations: 100, window: 0, pause: 0 },
  tutorial: { workers: 2, iterations: 100, window: 0, pause: 100 },
  lesson: {
    what: "Each process adds 1 to each of the three doubles of a shared array, like the tutorial's Array('d').",
    whyItRaces:
      'numbers[k] += 1 reads, adds and writes. When both processes read an element before either writes it back, ' +
      'one addition is lost: the tutorial ended at [198, 299, 399] instead of [200, 300, 400]. ' +
      'Taking the lock around each element update makes every addition count.',
    body: `for (let i = 0; i < iterations; i++) {
  await sleep(pause);
  for (let k = 0; k < 3; k++) {
    await lock.run(async () => {
      const v = await memory.numbers.read(k);
      await sleep(window);
      await memory.numbers.write(k, v + 1);
    });
  }
}`,
  },
  memory: () => ({ numbers: float64(start) }),
  expected: ({ workers, iterations }) => ({ numbers: start.map((value) => value + workers * iterations) }),
  async worker({ memory, lock, sleep, options }) {
    for (let i = 0; i < options.iterations; i++) {
      await sleep(options.pause);
      for (let k = 0; k < memory.numbers.length; k++) {
        await lock.run(async () => {
          const value = await memory.numbers.read(k);
          await sleep(options.window);
          await memory.numbers.write(k, value + 1);
        });
      }
    }
  },
});
