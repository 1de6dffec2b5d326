// Ctrl-C in a terminal reaches the whole process group: racedemo and every
// child it is still forking. Children that die of it while starting, or that
// a message no longer reaches (EPIPE), are the interruption: one line, exit 130.
import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { bin, segmentsOf } from './cli.js';

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
