// `racedemo isolation` on a real PostgreSQL: every cell of the matrix is what
// the literature (Adya; Berenson et al.; Hermitage) says PostgreSQL does, the
// JSON document has exactly the ten anomalies at each level, a traced cell
// shows its steps with the blocked one, and no test schema is left behind,
// even after Ctrl-C in the middle of a test.
import { describe, expect, it } from 'vitest';
import { isIsolationDocument, type IsolationDocument } from '../dist/src/isolation/types.js';
import { racedemo } from './cli.js';
import { canRunPostgres, interruptOnceItHoldsSomething, leftovers, serverFor, startPostgres } from './stores/servers.js';

/** What PostgreSQL is documented to do: 'occurs', or 'prevented (how)'. */
const expected: Record<string, Record<string, string>> = {
  'read committed': {
    G0: 'prevented (blocked)', G1a: 'prevented (snapshot)', G1b: 'prevented (snapshot)', G1c: 'prevented (snapshot)', OTV: 'prevented (blocked)',
    PMP: 'occurs', P4: 'occurs', 'G-single': 'occurs', 'G2-item': 'occurs', G2: 'occurs',
  },
  'repeatable read': {
    G0: 'prevented (aborted)', G1a: 'prevented (snapshot)', G1b: 'prevented (snapshot)', G1c: 'prevented (snapshot)', OTV: 'prevented (aborted)',
    PMP: 'prevented (snapshot)', P4: 'prevented (aborted)', 'G-single': 'prevented (snapshot)', 'G2-item': 'occurs', G2: 'occurs',
  },
  serializable: {
    G0: 'prevented (aborted)', G1a: 'prevented (snapshot)', G1b: 'prevented (snapshot)', G1c: 'prevented (aborted)', OTV: 'prevented (aborted)',
    PMP: 'prevented (snapshot)', P4: 'prevented (aborted)', 'G-single': 'prevented (snapshot)', 'G2-item': 'prevented (aborted)', G2: 'prevented (aborted)',
  },
};

describe.skipIf(!canRunPostgres)('racedemo isolation --store postgres', () => {
  const server = serverFor(startPostgres);

  it('finds every cell the literature expects for PostgreSQL, in one valid JSON document, and leaves no schema', async () => {
    const began = Date.now();
    const result = await racedemo(['isolation', '--store', server.url, '--json']);
    const elapsed = Date.now() - began;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const document: unknown = JSON.parse(result.stdout);
    expect(isIsolationDocument(document)).toBe(true);
    const { levels, server: version } = document as IsolationDocument;
    expect((document as IsolationDocument).environment).toMatchObject({ cores: expect.any(Number), node: process.version });
    expect(version).toMatch(/^\d+(\.\d+)?/);
    const cells = Object.fromEntries(
      levels.map(({ level, anomalies }) => [
        level,
        Object.fromEntries(Object.entries(anomalies).map(([name, verdict]) => [name, verdict.result === 'occurs' ? 'occurs' : `prevented (${verdict.how})`])),
      ]),
    );
    expect(cells).toEqual(expected);
    expect(levels.find((entry) => entry.level === 'read committed')?.anomalies.P4.evidence).toContain('final x=11');
    expect(await leftovers(server.url)).toEqual([]);
    // A generous upper bound on a loaded machine; the issue asks for under 30 s.
    expect(elapsed).toBeLessThan(30_000);
  });

  it('the runtime guard refuses a document with a missing or an extra anomaly, or a bad result', () => {
    const cell = { result: 'occurs', evidence: 'x' };
    const anomalies = Object.fromEntries(Object.keys(expected['read committed'] ?? {}).map((name) => [name, cell]));
    const document = { schemaVersion: 1, kind: 'isolation', store: 'postgres', server: '15', levels: [{ level: 'read committed', anomalies }] };
    expect(isIsolationDocument(document)).toBe(true);
    const without = { ...anomalies };
    delete without.G2;
    expect(isIsolationDocument({ ...document, levels: [{ level: 'read committed', anomalies: without }] })).toBe(false);
    expect(isIsolationDocument({ ...document, levels: [{ level: 'read committed', anomalies: { ...anomalies, P3: cell } }] })).toBe(false);
    expect(isIsolationDocument({ ...document, levels: [{ level: 'read committed', anomalies: { ...anomalies, P4: { result: 'maybe', evidence: '' } } }] })).toBe(false);
    expect(isIsolationDocument({ ...document, levels: [{ level: 'read committed', anomalies: { ...anomalies, P4: { result: 'prevented', evidence: '' } } }] })).toBe(false);
  });

  it("--test P4 --level 'read committed' traces the lost update: T2 blocked behind T1, released, both commit, x = 11", async () => {
    const result = await racedemo(['isolation', '--store', server.url, '--test', 'P4', '--level', 'read committed']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('P4 at read committed: lost update: both read x, both write back x + 1');
    const steps = lines.filter((line) => /^\s+\d+\s/.test(line)).map((line) => line.trim().replace(/\s{2,}/g, ' | '));
    expect(steps).toEqual([
      '1 | BEGIN ISOLATION LEVEL READ COMMITTED',
      '2 | BEGIN ISOLATION LEVEL READ COMMITTED',
      '3 | SELECT * FROM test WHERE id = 1 | → 1→10',
      '4 | SELECT * FROM test WHERE id = 1 | → 1→10',
      '5 | UPDATE test SET value = 11 WHERE id = 1 | → 1 row',
      '6 | UPDATE test SET value = 11 WHERE id = 1 | … blocked: waits for T1',
      '7 | COMMIT | → committed',
      '8 | released: → 1 row',
      '9 | COMMIT | → committed',
    ]);
    expect(result.stdout).toContain('fates: T1 committed, T2 committed after being blocked');
    expect(result.stdout).toContain('P4 occurs: both read x=10; final x=11 although both increments committed');
    expect(result.stdout).toContain('READ COMMITTED');
  });

  it('a role that may not create a schema gets one line naming the grant it needs (exit 2), not an unexpected error', async () => {
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE ROLE visitor LOGIN');
    await admin.end();
    const result = await racedemo(['isolation', '--store', server.url.replace('postgres@', 'visitor@'), '--level', 'serializable', '--test', 'P4']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^racedemo: the store refused: permission denied for database postgres; isolation needs a role that may create a schema \(GRANT CREATE ON DATABASE … TO the role\)\n$/);
  });

  it('refuses read uncommitted with the reason, and an unknown test by name', async () => {
    const level = await racedemo(['isolation', '--store', server.url, '--level', 'read uncommitted']);
    expect(level.code).toBe(2);
    expect(level.stderr).toBe("racedemo: --level read uncommitted is read committed in PostgreSQL: use --level 'read committed'\n");
    const test = await racedemo(['isolation', '--store', server.url, '--test', 'P3']);
    expect(test.code).toBe(2);
    expect(test.stderr).toContain("--test must be one of G0, G1a, G1b, G1c, OTV, PMP, P4, G-single, G2-item, G2 (got 'P3')");
  });

  it('Ctrl-C in the middle of the matrix ends with 130 and drops the test schema', async () => {
    // Interrupted once a test's schema exists (an event in the database).
    const { code, stderr, left } = await interruptOnceItHoldsSomething(server.url, ['isolation', '--store', server.url]);
    expect(stderr).toBe('racedemo: interrupted by SIGINT\n');
    expect(code).toBe(130);
    expect(left).toEqual([]);
  });
});
