// `racedemo init <name>`: writes a commented starter scenario, <name>.mjs,
// that runs as it is and shows every part of the scenario API.
import { existsSync, writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { Output, processIo, type Io } from './output.js';

export function starterScenario(name: string): string {
  return `// ${name}: a racedemo scenario. Run it with
//   racedemo run ./${name}.mjs --compare
//   racedemo explore ./${name}.mjs --no-lock
import { defineScenario, int32 } from 'racedemo';

export default defineScenario({
  name: '${name}',
  summary: 'Workers add 1 to a shared counter',
  // Where workers run unless --engine says otherwise: 'threads' or 'processes'.
  engine: 'threads',
  // --workers, --iterations, --window and --pause override these.
  defaults: { workers: 2, iterations: 50, window: 0.1, pause: 0 },
  // Shared memory, fresh for every trial: int32(n), float64(n), int32([...]),
  // float64([...]) or bytes(size).
  memory: () => ({ counter: int32(0) }),
  // The final memory a correct, locked run ends with.
  expected: ({ workers, iterations }) => ({ counter: workers * iterations }),
  // One worker's body. Every read, write, sleep and lock call is awaited: that
  // is where the explorer may switch to another worker.
  async worker({ memory, lock, sleep, options }) {
    for (let i = 0; i < options.iterations; i++) {
      // The critical section: a real lock with --lock, nothing with --no-lock.
      await lock.run(async () => {
        const value = await memory.counter.read();
        await sleep(options.window); // the race window
        await memory.counter.write(value + 1);
      });
      await sleep(options.pause);
    }
  },
});
`;
}

export function initCommand(name: string, io: Io = processIo()): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new UsageError(`a scenario name is lower-case letters, digits and dashes, like my-counter (got '${name}')`);
  }
  const file = `${name}.mjs`;
  if (existsSync(file)) throw new UsageError(`${file} already exists; pick another name or remove it`);
  writeFileSync(file, starterScenario(name));
  new Output(io.stdout).line(`wrote ${file}; try: racedemo run ./${file} --compare`);
}
