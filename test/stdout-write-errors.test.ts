// stdout that fails for another reason than a reader going away (here a full
// disk: /dev/full): one line on stderr, exit 3, no stack trace, for every command.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bin } from './cli.js';

function toDevFull(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const full = openSync('/dev/full', 'w');
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', full, 'pipe'] });
  closeSync(full);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('stdout is /dev/full: "cannot write to stdout", exit 3', () => {
  it.each([
    [['list']],
    [['show', 'process-array']],
    [['run', 'thread-counter', '--trials', '3', '--json']],
    [['run', 'process-value', '--trials', '1000000', '--format', 'ndjson']],
    [['explore', 'thread-counter', '--no-lock']],
    [['--help']],
    [['--version']],
  ])('racedemo %j', async (args) => {
    const { code, stderr } = await toDevFull(args);
    expect(stderr).toBe('racedemo: cannot write to stdout: ENOSPC: no space left on device, write\n');
    expect(code).toBe(3);
  });
});
