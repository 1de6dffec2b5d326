// `npm run docs:samples` in CI: every marked sample of README.md and docs/*.md
// is run and must still match (exactly, or by shape where the numbers vary),
// with throwaway PostgreSQL and Redis servers for the store samples.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSamples, findSamples, matches, shape } from '../dist/scripts/docs-samples.js';
import { canRunPostgres, canRunRedis, startPostgres, startRedis, type TestServer } from './stores/servers.js';

const root = new URL('..', import.meta.url).pathname;

describe('the comparison', () => {
  it('finds marked samples: mode, command, output', () => {
    const text = ['<!-- sample varies: racedemo run x --no-lock -->', '```', '$ npx racedemo run x --no-lock', 'line 1', 'line 2', '```'].join('\n');
    expect(findSamples('a.md', text)).toEqual([
      { file: 'a.md', line: 1, mode: 'varies', args: ['run', 'x', '--no-lock'], command: 'run x --no-lock', output: 'line 1\nline 2', from: 2, to: 5 },
    ]);
  });

  it('by shape: other numbers and timings match, other words, rows or verdicts do not', () => {
    const sample = { mode: 'varies' as const, output: '  20   0   0.0%   expected\n  10  15  75.0%   race · lost 10\n  11   5  25.0%   race · lost 9\nraces in 20/20 trials · 106 ms (5.16 ms/trial)' };
    expect(matches(sample, '  20   2  10.0%   expected\n  10  18  90.0%   race · lost 10\nraces in 18/20 trials · 1.2 s (60.1 ms/trial)')).toBe(true);
    expect(matches(sample, '  10  18  90.0%   race · lost 10\n  20   2  10.0%   expected\nraces in 18/20 trials · 1.2 s (60.1 ms/trial)')).toBe(false);
    expect(matches(sample, '  20   2  10.0%   expected\n  10  18  90.0%   race · created 10\nraces in 18/20 trials · 1.2 s (60.1 ms/trial)')).toBe(false);
    expect(shape('hint: the workers ran at the same time in only 8% of trials')).toBe('');
  });

  it('exact samples match byte for byte', () => {
    expect(matches({ mode: 'exact', output: 'possible final values: 2, 1' }, 'possible final values: 2, 1')).toBe(true);
    expect(matches({ mode: 'exact', output: 'possible final values: 2, 1' }, 'possible final values: 1, 2')).toBe(false);
  });
});

describe('every sample of the README and docs/', () => {
  const servers: TestServer[] = [];
  beforeAll(async () => {
    if (canRunPostgres) servers.push(await startPostgres());
    if (canRunRedis) servers.push(await startRedis());
    for (const server of servers) process.env[server.url.startsWith('postgres') ? 'PG' : 'REDIS'] = server.url;
  });
  afterAll(async () => {
    delete process.env.PG;
    delete process.env.REDIS;
    await Promise.all(servers.map((server) => server.stop()));
  });

  it('still matches what the commands print', async () => {
    const { samples, skipped, mismatches } = await checkSamples(root);
    expect(samples).toBeGreaterThan(20);
    expect(skipped.length).toBe((canRunPostgres ? 0 : 3) + (canRunRedis ? 0 : 2));
    expect(mismatches.map(({ sample, actual }) => `${sample.file}:${sample.line}\n${actual}`)).toEqual([]);
  });
});
