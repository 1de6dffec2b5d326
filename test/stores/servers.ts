// Throwaway PostgreSQL and Redis servers for the store tests: each in its own
// temporary directory, on a free port, listening on 127.0.0.1 only, torn down
// after the file's tests. A missing server program means the tests skip.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll } from 'vitest';
import { EVENT_UPPER_BOUND_MS, start } from '../cli.js';
import { join } from 'node:path';

export interface TestServer {
  url: string;
  stop(): Promise<void>;
}

function onPath(program: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** PostgreSQL's server programs: Debian keeps them off PATH, in /usr/lib/postgresql/<version>/bin. */
function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const bin = join(root, version, 'bin');
    if (existsSync(join(bin, 'pg_ctl')) && existsSync(join(bin, 'postgres'))) return bin;
  }
  const initdb = onPath('initdb');
  return initdb && onPath('pg_ctl') ? join(initdb, '..') : undefined;
}

/** PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: 'pipe' }));
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

export const canRunPostgres = postgresBin() !== undefined && (process.getuid?.() !== 0 || postgresUser() !== undefined);

export const canRunRedis = onPath('redis-server') !== undefined;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startPostgres(): Promise<TestServer> {
  const bin = postgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed');
  const directory = mkdtempSync(join(tmpdir(), 'racedemo-pg-'));
  const user = postgresUser();
  if (user) chownSync(directory, user.uid, user.gid);
  const as = (program: string, args: string[]): void => {
    const [command, commandArgs] = user ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] : [join(bin, program), args];
    execFileSync(command, commandArgs, { stdio: 'pipe', cwd: directory });
  };
  const data = join(directory, 'data');
  const port = await freePort();
  as('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const settings = `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`;
  as('pg_ctl', ['-D', data, '-o', settings, '-l', join(directory, 'log'), '-w', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    },
  };
}

export async function startRedis(): Promise<TestServer> {
  const port = await freePort();
  const server: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  await waitForPort(port, 10_000);
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (server.exitCode !== null) return;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGKILL');
      await exited;
    },
  };
}

async function waitForPort(port: number, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The run names (tables, schemas or keys) a store still holds: none, once every run or isolation test has ended. */
export async function leftovers(url: string): Promise<string[]> {
  if (url.startsWith('redis')) {
    const { Redis } = await import('ioredis');
    const client = new Redis(url);
    try {
      return await client.keys('racedemo_*');
    } finally {
      client.disconnect();
    }
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // A run's table, or an isolation test's schema.
    const result = await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE tablename LIKE 'racedemo%' UNION ALL SELECT nspname FROM pg_namespace WHERE nspname LIKE 'racedemo%'",
    );
    return result.rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

/**
 * Starts `racedemo args…` against the store at `url`, sends SIGINT once the
 * store holds something of it (its table, schema or keys: an event in the
 * store, not a moment), and hands back how it ended and what it left.
 */
export async function interruptOnceItHoldsSomething(url: string, args: string[]): Promise<{ code: number | null; stderr: string; left: string[] }> {
  const { child, closed } = start(args);
  const started = Date.now();
  while ((await leftovers(url)).length === 0) {
    if (Date.now() - started > EVENT_UPPER_BOUND_MS) throw new Error(`gave up waiting for racedemo ${args.join(' ')} to hold something in the store`);
  }
  child.kill('SIGINT');
  const { code, stderr } = await closed;
  return { code, stderr, left: await leftovers(url) };
}

/** Starts a server before the enclosing describe's tests and stops it after; its URL once started. */
export function serverFor(start: () => Promise<TestServer>): { readonly url: string } {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get url(): string {
      if (!server) throw new Error('the server has not started');
      return server.url;
    },
  };
}
