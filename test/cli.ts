// Runs the built bin as a child process, as a user's shell would.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';

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

/** Runs `racedemo args…` with a clean colour environment plus `env`. */
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
export function start(args: string[]): { child: ChildProcess; closed: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: colourlessEnv() });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
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
