// A scenario may name a slot anything, `lock:lock` included: slots and locks
// live in separate key (Redis) and row (PostgreSQL) namespaces, so such a slot
// never is the lock. With the lock on: no race, the expected value every trial.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { racedemo } from './cli.js';
import type { RunDocument } from './run-document.js';
import { canRunPostgres, canRunRedis, serverFor, startPostgres, startRedis } from './stores/servers.js';

const scenario = join(mkdtempSync(join(tmpdir(), 'racedemo-slot-')), 'lock-named-slot.mjs');
writeFileSync(
  scenario,
  `export default {
  kind: 'racedemo-scenario', name: 'lock-named-slot', summary: 'a slot named like the lock', engine: 'threads',
  defaults: { workers: 2, iterations: 10, window: 0, pause: 0 },
  memory: () => ({ 'lock:lock': { kind: 'scalar', type: 'int32', initial: 0 } }),
  expected: ({ workers, iterations }) => ({ 'lock:lock': workers * iterations }),
  async worker({ memory, lock, options }) {
    for (let i = 0; i < options.iterations; i++) {
      await lock.run(async () => memory['lock:lock'].write((await memory['lock:lock'].read()) + 1));
    }
  },
};
`,
);

const stores = [
  { name: 'postgres', available: canRunPostgres, start: startPostgres },
  { name: 'redis', available: canRunRedis, start: startRedis },
] as const;

for (const store of stores) {
  describe.skipIf(!store.available)(`on ${store.name}`, () => {
    const server = serverFor(store.start);

    it("a slot named 'lock:lock' is not the lock: every trial ends with the expected value", async () => {
      const result = await racedemo(['run', scenario, '--store', server.url, '--lock', '--trials', '5', '--timeout', '20000', '--json']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const document = JSON.parse(result.stdout) as RunDocument;
      expect(document.outcomes).toEqual([{ final: { 'lock:lock': 20 }, trials: 5, share: 1, raced: false, lost: 0, verdict: 'expected' }]);
    });
  });
}
