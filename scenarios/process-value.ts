// The tutorial's shared Value('i'): processes add 1 to one shared int,
// `iterations` times each.
import { defineScenario, int32 } from '../src/scenario/api.js';

export default defineScenario({
  name: 'process-value',
  summary: 'Processes add 1 to a shared int, iterations times each',
  engine: 'processes',
  defaults: { workers: 2, iterations: 100, window: 0, pause: 0 },
  tutorial: { workers: 2, iterations: 100, window: 0, pause: 10 },
  lesson: {
    what: "Each process does value += 1 on a shared int, like the tutorial's multiprocessing.Value('i').",
    whyItRaces:
      'value += 1 is a read, an add and a write. Two processes that read the same value both write value + 1, ' +
      "so one addition vanishes. The tutorial's run happened to end at 200 because a 10 ms pause between " +
      'increments made overlaps rare; without the pause they are common.',
    body: `for (let i = 0; i < iterations; i++) {
  await sleep(pause);
  await lock.run(async () => {
    const value = await memory.value.read();
    await sleep(window);
    await memory.value.write(value + 1);
  });
}`,
  },
  memory: () => ({ value: int32(0) }),
  expected: ({ workers, iterations }) => ({ value: workers * iterations }),
  async worker({ memory, lock, sleep, options }) {
    for (let i = 0; i < options.iterations; i++) {
      await sleep(options.pause);
      await lock.run(async () => {
        const value = await memory.value.read();
        await sleep(options.window);
        await memory.value.write(value + 1);
      });
    }
  },
});
