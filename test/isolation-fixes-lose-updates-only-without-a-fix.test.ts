// `racedemo isolation --fixes` races the lost-update counter for real on
// PostgreSQL: only the client-side read-modify-write at read committed (the
// level that lets P4 through) loses updates; every other fix loses exactly
// none, and the ones that retry or wait land every increment. Nothing is left
// in the database afterwards.
import { describe, expect, it } from 'vitest';
import type { FixResult } from '../dist/src/isolation/fixes.js';
import { racedemo } from './cli.js';
import { canRunPostgres, interruptOnceItHoldsSomething, leftovers, serverFor, startPostgres } from './stores/servers.js';

describe.skipIf(!canRunPostgres)('racedemo isolation --fixes on PostgreSQL', () => {
  const server = serverFor(startPostgres);

  it('loses updates only with read-modify-write at read committed; zero, exactly, with every fix', async () => {
    const result = await racedemo(['isolation', '--store', server.url, '--fixes', '--trials', '10', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as { kind: string; trials: number; workers: number; increments: number; fixes: FixResult[] };
    expect(document).toMatchObject({ kind: 'isolation-fixes', trials: 10, workers: 4, increments: 5, environment: { node: process.version } });
    const byName = new Map(document.fixes.map((fix) => [`${fix.fix} @ ${fix.level}`, fix]));
    expect([...byName.keys()]).toEqual([
      'read-modify-write @ read committed',
      'read-modify-write @ repeatable read',
      'read-modify-write @ serializable',
      'UPDATE … SET value = value + 1 @ read committed',
      'SELECT … FOR UPDATE @ read committed',
      'version column + retry @ read committed',
      'retry on 40001 @ serializable',
    ]);
    for (const fix of document.fixes) {
      expect(fix.updates).toBe(200);
      expect(fix.acknowledged + fix.failed).toBe(200);
      expect(fix.updatesPerSecond).toBeGreaterThan(0);
    }
    const rc = byName.get('read-modify-write @ read committed');
    expect(rc?.lostUpdates).toBeGreaterThan(0);
    expect(rc?.failed).toBe(0);
    for (const [name, fix] of byName) {
      if (name === 'read-modify-write @ read committed') continue;
      expect({ name, lost: fix.lostUpdates, raced: fix.trialsRaced }).toEqual({ name, lost: 0, raced: 0 });
    }
    // Snapshot isolation refuses the second writer: no update lost, but some refused (40001), which the client sees.
    for (const level of ['repeatable read', 'serializable']) {
      const fix = byName.get(`read-modify-write @ ${level}`);
      expect(fix?.failed).toBeGreaterThan(0);
      expect(fix?.abortsPerUpdate).toBeGreaterThan(0);
    }
    // The fixes that wait or retry land every increment.
    for (const name of ['UPDATE … SET value = value + 1 @ read committed', 'SELECT … FOR UPDATE @ read committed', 'version column + retry @ read committed', 'retry on 40001 @ serializable']) {
      expect({ name, acknowledged: byName.get(name)?.acknowledged }).toEqual({ name, acknowledged: 200 });
    }
    expect(byName.get('retry on 40001 @ serializable')?.retriesPerUpdate).toBeGreaterThan(0);

    expect(await leftovers(server.url)).toEqual([]);
  });

  it('prints the table of fixes, and never the password (the test server trusts, so any password connects)', async () => {
    const withPassword = server.url.replace('postgres@', 'postgres:s3cret-word@');
    const result = await racedemo(['isolation', '--store', withPassword, '--fixes', '--trials', '2']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^the lost-update counter on PostgreSQL \d/);
    expect(result.stdout).toContain('2 trials × 4 connections × 5 increments per fix');
    expect(result.stdout).toContain('postgres://postgres:***@');
    expect(result.stdout + result.stderr).not.toContain('s3cret-word');
  });

  it('Ctrl-C in the middle of the race ends with 130 and drops the schema', async () => {
    const { code, stderr, left } = await interruptOnceItHoldsSomething(server.url, ['isolation', '--store', server.url, '--fixes', '--trials', '10000']);
    expect(stderr).toBe('racedemo: interrupted by SIGINT\n');
    expect(code).toBe(130);
    expect(left).toEqual([]);
  });
});
