// Runs the CLI: in this process with captured streams (runCli, for parsing,
// formats, exit codes, colour and error texts), or the built bin as a child
// process, as a user's shell would (for signals, pipes, children, clean-up).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { Writable } from 'node:stream';
import { main } from '../dist/src/cli/program.js';

export const bin = new URL('../bin/racedemo.js', import.meta.url).pathname;

export interface CliResult {
  pid: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** This process's environment without the variables that force colour on or off. */
function colourlessEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  return env;
}

/** A stream that keeps what is written to it, as a pipe would (not a terminal). */
class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs `racedemo args…` in this process, with a clean colour environment plus `env`, stdout and stderr captured. */
export async function runCli(args: string[], { env = {}, signal }: { env?: Record<string, string>; signal?: AbortSignal } = {}): Promise<Omit<CliResult, 'pid'>> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(['node', 'racedemo', ...args], { stdout, stderr, env: { ...colourlessEnv(), ...env }, ...(signal ? { signal } : {}) });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Runs `racedemo args…` as a child process with a clean colour environment plus `env`. */
export function racedemo(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...colourlessEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ pid: child.pid ?? 0, code, stdout, stderr }));
  });
}

/** Segment files in /dev/shm that the racedemo process `pid` created (their names carry its pid). */
export function segmentsOf(pid: number): string[] {
  return readdirSync('/dev/shm').filter((name) => name.startsWith(`racedemo-${pid}-`));
}

/** Starts `racedemo args…` and hands back the child (to signal it) and its end. */
export function start(args: string[], env: Record<string, string> = {}): { child: ChildProcess & { stdout: Readable; stderr: Readable }; closed: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...colourlessEnv(), ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, closed };
}

/** The process ids of `pid`'s children (empty when it has none, or is gone). */
export function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').map(Number);
  } catch {
    return []; // pgrep exits 1 when there are none
  }
}

/** Whether process `pid` still exists (EPERM: it does, but is not ours to signal). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The upper bound for anything the tests wait on: far beyond what any event
 * takes even on a loaded machine. A test that hits it fails, naming the event.
 */
export const EVENT_UPPER_BOUND_MS = 60_000;

/** Resolves once `condition()` holds (a pid appears, a process is gone), checked every 10 ms; fails after EVENT_UPPER_BOUND_MS, naming `what`. */
export async function waitFor(what: string, condition: () => boolean): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > EVENT_UPPER_BOUND_MS) throw new Error(`gave up waiting for ${what} after ${EVENT_UPPER_BOUND_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves with the first line on `stream` that matches `pattern`; fails if the stream ends first, with what it said. */
export function lineOn(stream: Readable, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString();
      const line = text.split('\n').find((candidate, index, lines) => index < lines.length - 1 && pattern.test(candidate));
      if (line === undefined) return;
      stream.off('data', onData);
      stream.off('close', onClose);
      resolve(line);
    };
    const onClose = (): void => reject(new Error(`the stream ended without a line matching ${pattern}; it said: ${JSON.stringify(text)}`));
    stream.on('data', onData);
    stream.once('close', onClose);
  });
}
