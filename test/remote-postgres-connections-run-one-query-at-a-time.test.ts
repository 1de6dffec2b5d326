// Each PostgreSQL connection (the bus of a run and of each remote worker, a
// worker's session) runs one query at a time: several flows that publish,
// subscribe and race through one pg.Client queue their queries, so pg never
// prints its "already executing a query" DeprecationWarning to the user.
import { describe, expect, it } from 'vitest';
import { racedemo, type CliResult } from './cli.js';
import type { RunDocument } from './run-document.js';
import { canRunPostgres, serverFor, startPostgres } from './stores/servers.js';

// --trace-deprecation: a failure shows which call drove the connection twice.
const secret = { RACEDEMO_SECRET: 'test-class-secret', NODE_OPTIONS: '--trace-deprecation' };
const REMOTE = 4;

describe.skipIf(!canRunPostgres)('a run with remote workers on postgres', () => {
  const server = serverFor(startPostgres);

  it(`prints no pg DeprecationWarning, in the run or in any of ${REMOTE} workers`, async () => {
    const workers: Array<Promise<CliResult>> = [];
    for (let i = 0; i < REMOTE; i++) workers.push(racedemo(['worker', '--store', server.url, '--once'], secret));
    const result = await racedemo(
      ['run', 'process-value', '--store', server.url, '--workers', String(REMOTE + 1), '--remote-workers', String(REMOTE), '--iterations', '20', '--trials', '4', '--json'],
      secret,
    );
    const joined = await Promise.all(workers);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as RunDocument;
    expect(document.outcomes).toEqual([{ final: { value: 20 * (REMOTE + 1) }, trials: 4, share: 1, raced: false, lost: 0, verdict: 'expected' }]);
    expect(result.stderr).not.toMatch(/DeprecationWarning/);
    for (const worker of joined) {
      expect(worker.code).toBe(0);
      expect(worker.stderr).not.toMatch(/DeprecationWarning/);
    }
  });
});
