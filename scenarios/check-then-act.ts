// Check-then-act: a lazy initialisation ("if not yet done, do it") that more
// than one worker can find undone, so the expensive initialisation runs twice.
import { defineScenario, int32, type Judgement } from '../src/scenario/api.js';

export default defineScenario({
  name: 'check-then-act',
  summary: 'A lazy initialisation that runs more than once without the lock',
  engine: 'threads',
  defaults: { workers: 2, iterations: 20, window: 0.1, pause: 0 },
  lesson: {
    what:
      'There are `iterations` lazily initialised resources. Every worker asks for each one: if it is not ready, ' +
      'the worker initialises it (which takes `window`) and marks it ready; it counts how often that happens.',
    whyItRaces:
      'The check (is it ready?) and the act (initialise, mark ready) are separate steps. Two workers that check ' +
      'before either has marked it ready both initialise: a singleton is built twice, a file is created twice, a ' +
      'message is sent twice. The lock makes check-and-act one step, so each resource is initialised exactly once.',
    body: `for (let k = 0; k < iterations; k++) {
  await lock.run(async () => {
    if ((await memory.ready.read(k)) === 0) {       // check
      await sleep(window);                           // the expensive initialisation
      await memory.initialisations.write(worker - 1, (await memory.initialisations.read(worker - 1)) + 1);
      await memory.ready.write(k, 1);                // act
    }
  });
}`,
  },
  memory: ({ workers, iterations }) => ({
    ready: int32(new Array<number>(iterations).fill(0)),
    // Each worker counts its own initialisations in its own element: no race on the count itself.
    initialisations: int32(new Array<number>(workers).fill(0)),
  }),
  expected: ({ iterations }) => ({ initialisations: iterations }),
  judge(final, { iterations }): Judgement {
    const initialisations = final.initialisations.reduce((sum, count) => sum + count, 0);
    // Negative: initialisations that ran more than once.
    const extra = initialisations - iterations;
    const word =
      extra < 0 ? `missed ${-extra}` : iterations === 1 && extra === 1 ? 'ran twice' : `ran ${extra} extra ${extra === 1 ? 'time' : 'times'}`;
    return { final: { initialisations }, lost: iterations - initialisations, word };
  },
  async worker({ memory, lock, sleep, options, worker }) {
    for (let k = 0; k < options.iterations; k++) {
      await lock.run(async () => {
        if ((await memory.ready.read(k)) === 0) {
          await sleep(options.window);
          await memory.initialisations.write(worker - 1, (await memory.initialisations.read(worker - 1)) + 1);
          await memory.ready.write(k, 1);
        }
      });
      await sleep(options.pause);
    }
  },
});
