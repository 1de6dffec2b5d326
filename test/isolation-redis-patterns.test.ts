// `racedemo isolation --store redis://…`: Redis's own matrix. GET/SET and
// MULTI without WATCH lose an update, WATCH/MULTI refuses the loser with a nil
// EXEC, INCR and a Lua script are atomic: in the fixed steps and when raced
// for real. No key of the run is left behind.
import { describe, expect, it } from 'vitest';
import { racedemo } from './cli.js';
import { canRunRedis, interruptOnceItHoldsSomething, leftovers, serverFor, startRedis } from './stores/servers.js';

interface RedisDocument {
  schemaVersion: number;
  kind: string;
  store: string;
  server: string;
  patterns: Record<string, { result: string; how?: string; evidence: string; raced: { updates: number; refused: number; lost: number } }>;
}

describe.skipIf(!canRunRedis)('racedemo isolation --store redis', () => {
  const server = serverFor(startRedis);

  it('GET/SET and MULTI without WATCH lose updates; WATCH refuses the loser; INCR and Lua are atomic; no key left', async () => {
    const result = await racedemo(['isolation', '--store', server.url, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as RedisDocument;
    expect(document).toMatchObject({ schemaVersion: 1, kind: 'isolation', store: 'redis', environment: { node: process.version } });
    expect(document.server).toMatch(/^\d+\.\d+/);
    const cells = Object.fromEntries(Object.entries(document.patterns).map(([name, cell]) => [name, cell.result === 'occurs' ? 'occurs' : `prevented (${cell.how})`]));
    expect(cells).toEqual({
      'GET then SET': 'occurs',
      'MULTI without WATCH': 'occurs',
      'WATCH + MULTI/EXEC': 'prevented (aborted)',
      INCR: 'prevented (atomic)',
      'Lua script': 'prevented (atomic)',
    });
    const raced = (name: string) => document.patterns[name]?.raced;
    expect(raced('GET then SET')?.lost).toBeGreaterThan(0);
    expect(raced('MULTI without WATCH')?.lost).toBeGreaterThan(0);
    expect(raced('WATCH + MULTI/EXEC')).toMatchObject({ lost: 0 });
    expect(raced('WATCH + MULTI/EXEC')?.refused).toBeGreaterThan(0);
    expect(raced('INCR')).toEqual({ updates: 100, refused: 0, lost: 0 });
    expect(raced('Lua script')).toEqual({ updates: 100, refused: 0, lost: 0 });
    expect(await leftovers(server.url)).toEqual([]);
  });

  it('shows the steps: B reads 10 before A writes, and B\'s EXEC is nil under WATCH', async () => {
    const result = await racedemo(['isolation', '--store', server.url]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  A: GET k  → 10\n  B: GET k  → 10\n  A: SET k 11  → OK\n  B: SET k 11  → OK\n');
    expect(result.stdout).toContain('  B: EXEC  → (nil)\n');
  });

  it('refuses --fixes and --test on Redis with one line', async () => {
    const fixes = await racedemo(['isolation', '--store', server.url, '--fixes']);
    expect(fixes.code).toBe(2);
    expect(fixes.stderr).toBe('racedemo: --fixes is for PostgreSQL: on Redis, the matrix itself races each pattern for real\n');
    const test = await racedemo(['isolation', '--store', server.url, '--test', 'P4']);
    expect(test.code).toBe(2);
  });

  it('Ctrl-C while the patterns run ends with 130 and deletes the keys', async () => {
    const { code, left } = await interruptOnceItHoldsSomething(server.url, ['isolation', '--store', server.url]);
    expect(code).toBe(130);
    expect(left).toEqual([]);
  });
});
