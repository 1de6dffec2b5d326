// What a scenario's body prints is the author's debugging aid, never
// racedemo's result: console.log, process.stdout.write and writes to
// descriptor 1 go to stderr, so that a --json document on stdout stays clean.
// A worker thread does this for good (its console and fs are its own; a child
// process's descriptor 1 already is racedemo's stderr); explore and --replay,
// which run the bodies in racedemo's own process, only while the bodies run.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const fdWriters = ['write', 'writeSync', 'writev', 'writevSync'] as const;
type FdWriter = (fd: number, ...rest: unknown[]) => unknown;

/** Points everything a body may print on stdout at stderr; returns what undoes it. */
export function bodyStdoutToStderr(): () => void {
  const { log, info, debug } = console;
  const write = process.stdout.write;
  const saved = fdWriters.map((name) => fs[name] as FdWriter);
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  fdWriters.forEach((name, index) => {
    const original = saved[index] as FdWriter;
    (fs as Record<typeof name, unknown>)[name] = (fd: number, ...rest: unknown[]) => original(fd === 1 ? 2 : fd, ...rest);
  });
  // `import { writeSync } from 'node:fs'` in a scenario sees the change too.
  syncBuiltinESMExports();
  return () => {
    Object.assign(console, { log, info, debug });
    process.stdout.write = write;
    fdWriters.forEach((name, index) => ((fs as Record<typeof name, unknown>)[name] = saved[index]));
    syncBuiltinESMExports();
  };
}

/** Runs `bodies` with their stdout on stderr, and puts stdout back however they end. */
export async function withBodyStdoutOnStderr<T>(bodies: () => Promise<T>): Promise<T> {
  const restore = bodyStdoutToStderr();
  try {
    return await bodies();
  } finally {
    restore();
  }
}
