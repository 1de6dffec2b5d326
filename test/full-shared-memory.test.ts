// A full or tiny /dev/shm: the processes engine cannot make its shared
// segment. One line naming the cause, exit 3, and no racedemo-* file left.
// Each case runs racedemo in a mount namespace of its own, with a 64 KB tmpfs
// on /dev/shm (so it needs unshare and the right to mount: root).
import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bin } from './cli.js';

const canUnshare = ((): boolean => {
  try {
    execFileSync('unshare', ['-m', '--propagation', 'private', 'mount', '-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', '/dev/shm'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Runs racedemo `args` with a 64 KB /dev/shm of which `takenKb` is already used; resolves with its exit code, stderr, and the racedemo-* files left. */
function withTinyShm(takenKb: number, args: string[]): Promise<{ code: number; stderr: string; left: string[] }> {
  const script = [
    'mount -t tmpfs -o size=64k tmpfs /dev/shm || exit 99',
    `dd if=/dev/zero of=/dev/shm/filler bs=1k count=${takenKb} 2>/dev/null`,
    '"$@" >/dev/null',
    'code=$?',
    'ls /dev/shm | grep "^racedemo-"',
    'exit $code',
  ].join('\n');
  const child = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', process.execPath, bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stderr, left: stdout.split('\n').filter(Boolean) })));
}

describe.skipIf(!canUnshare)('a /dev/shm without room (skipped where `unshare -m` and mount are not allowed: it needs root)', () => {
  it('full: one line naming /dev/shm, exit 3, no file left', async () => {
    const { code, stderr, left } = await withTinyShm(64, ['run', 'process-array', '--trials', '3']);
    expect(stderr).toMatch(/^racedemo: cannot make the processes engine's \d+-byte shared segment in \/dev\/shm: \/dev\/shm is full or too small \(--engine threads works without it\)\n$/);
    expect(code).toBe(3);
    expect(left).toEqual([]);
  });

  it('too small for the segment: the same', async () => {
    const fixture = new URL('./fixtures/big-memory.mjs', import.meta.url).pathname;
    const { code, stderr, left } = await withTinyShm(0, ['run', fixture, '--trials', '3']);
    expect(stderr).toMatch(/^racedemo: cannot make the processes engine's \d+-byte shared segment in \/dev\/shm: \/dev\/shm is full or too small/);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(code).toBe(3);
    expect(left).toEqual([]);
  });

  it('with room: the run works (the namespace is not what fails)', async () => {
    const { code, stderr } = await withTinyShm(0, ['run', 'process-array', '--trials', '3']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
