// Ctrl-C in a terminal reaches the whole process group: racedemo and every
// child it is still forking. Children that die of it while starting, or that
// a message no longer reaches (EPIPE), are the interruption: one line, exit 130.
// A signal to racedemo alone, while its workers are still loading the
// scenario, stops them at once rather than once they are ready.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bin, segmentsOf, start } from './cli.js';

it('SIGINT to the process group while 64 children start: "interrupted by SIGINT", exit 130, nothing left', async () => {
  const child = spawn(process.execPath, [bin, 'run', 'process-array', '--workers', '64', '--trials', '5', '-q'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise((resolve) => setTimeout(resolve, 300));
  process.kill(-(child.pid ?? 0), 'SIGINT');
  expect(await closed).toBe(130);
  expect(stderr).toBe('racedemo: interrupted by SIGINT\n');
  expect(segmentsOf(child.pid ?? 0)).toEqual([]);
});

describe.each(['processes', 'threads'])('on %s', (engine) => {
  // Not a speed test: unstopped, the start would last until the workers' 50 s start limit.
  it('SIGINT to racedemo alone while its workers take a minute to load: "interrupted by SIGINT", exit 130, not a wait', { timeout: 15_000 }, async () => {
    const fixture = new URL('./fixtures/slow-to-start.mjs', import.meta.url).pathname;
    const { child, closed } = start(['run', fixture, '--engine', engine, '--timeout', '30000', '-q']);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    child.kill('SIGINT');
    const { code, stderr } = await closed;
    expect(stderr).toBe('racedemo: interrupted by SIGINT\n');
    expect(code).toBe(130);
  });
});
