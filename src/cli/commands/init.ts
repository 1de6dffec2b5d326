// `racedemo init <name>`: writes a commented starter scenario, <name>.mjs,
// that runs as it is and shows every part of the scenario API.
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import type { Context } from '../output.js';

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

export function initCommand(name: string, { out }: Context): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new UsageError(`a scenario name is lower-case letters, digits and dashes, like my-counter (got '${name}')`);
  }
  const file = `${name}.mjs`;
  writeExclusive(file, starterScenario(name));
  out.line(`wrote ${file}; try: racedemo run ./${file} --compare`);
}

/**
 * Creates `file` only if nothing is there, not even a symbolic link: one open
 * with O_EXCL (no check-then-create race) and O_NOFOLLOW (a link planted in a
 * shared folder does not redirect the write).
 */
function writeExclusive(file: string, text: string): void {
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ELOOP') throw new UsageError(`${file} already exists (a file or a link); pick another name or remove it`, { cause: error });
    throw new UsageError(`cannot create ${file}: ${code ?? 'error'}`, { cause: error });
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}
