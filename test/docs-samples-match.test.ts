// `npm run docs:samples` in CI: every marked sample of README.md and docs/*.md
// is run and must still match (exactly, or by shape where the numbers vary),
// with throwaway PostgreSQL and Redis servers for the store samples.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkSamples, documentationFiles, findSamples, matches, shape, withServerNames } from '../dist/scripts/docs-samples.js';
import { canRunPostgres, canRunRedis, startPostgres, startRedis, type TestServer } from './stores/servers.js';

const root = new URL('..', import.meta.url).pathname;

describe('the comparison', () => {
  it('finds marked samples: mode, command, output', () => {
    const text = ['<!-- sample varies: racedemo run x --no-lock -->', '```', '$ npx racedemo run x --no-lock', 'line 1', 'line 2', '```'].join('\n');
    expect(findSamples('a.md', text)).toEqual([
      { file: 'a.md', line: 1, mode: 'varies', args: ['run', 'x', '--no-lock'], command: 'run x --no-lock', output: 'line 1\nline 2', from: 2, to: 5 },
    ]);
  });

  it("'sample exact:' is exact too, and a misspelt marker is an error, not a sample left unchecked", () => {
    const block = ['```', '$ npx racedemo list', 'a', '```'];
    expect(findSamples('a.md', ['<!-- sample exact: racedemo list -->', ...block].join('\n'))[0]?.mode).toBe('exact');
    expect(() => findSamples('a.md', ['<!-- sample vary: racedemo list -->', ...block].join('\n'))).toThrow('a.md:1: not a sample marker');
  });

  it('by shape: other numbers and timings match, other words, rows or verdicts do not', () => {
    const sample = { mode: 'varies' as const, output: '  20   0   0.0%   expected\n  10  15  75.0%   race · lost 10\n  11   5  25.0%   race · lost 9\nraces in 20/20 trials · 106 ms (5.16 ms/trial)' };
    expect(matches(sample, '  20   2  10.0%   expected\n  10  18  90.0%   race · lost 10\nraces in 18/20 trials · 1.2 s (60.1 ms/trial)')).toBe(true);
    expect(matches(sample, '  10  18  90.0%   race · lost 10\n  20   2  10.0%   expected\nraces in 18/20 trials · 1.2 s (60.1 ms/trial)')).toBe(false);
    expect(matches(sample, '  20   2  10.0%   expected\n  10  18  90.0%   race · created 10\nraces in 18/20 trials · 1.2 s (60.1 ms/trial)')).toBe(false);
    expect(shape('hint: the workers ran at the same time in only 8% of trials')).toBe('');
  });

  it('a litmus run by shape: its CPU, counts and the order of its outcome rows vary, its outcomes and grades do not', () => {
    const table = (first: string, second: string, third: string): string =>
      [
        'CPU: AMD EPYC (x64, 2 cores) · V8 11.3.244.8-node.38 · Node v20.20.2',
        'Atomics.load / Atomics.store · 1,015,808 samples in 0.27 s · 3,818,551 samples/s',
        '  outcome    samples  frequency  grade       description',
        first,
        second,
        third,
        '  forbidden r0=0 r1=0: 0% of samples (95% interval 0% to 3.8e-4%)',
      ].join('\n');
    const y = '  r0=0 r1=1  510,469     50.25%  acceptable  thread 0 ran first: it read y before thread 1 wrote it';
    const x = '  r0=1 r1=0  505,329     49.75%  acceptable  thread 1 ran first: it read x before thread 0 wrote it';
    const never = '  r0=0 r1=0        0         0%  forbidden   the store buffer';
    const sample = { mode: 'varies' as const, output: table(y, x, never) };
    const swapped = table(x.replace('505,329', '1,000'), y.replace('510,469', '15'), never).replace('AMD EPYC (x64', 'Intel Xeon (x64').replace('3.8e-4', '12');
    expect(matches(sample, swapped)).toBe(true);
    expect(matches(sample, table(y, x, never.replace('forbidden ', 'acceptable')))).toBe(false);
    expect(matches(sample, table(y, x.replace('read x', 'read z'), never))).toBe(false);
    expect(matches(sample, table(x, never, ''))).toBe(false);
    expect(shape('1,false,0,109.529,"{""value"":200}",true')).toBe('#,false,#,#,"{""value"":#}",true');
  });

  it("a server's URL is written as the command's $NAME, and its version may differ", () => {
    const env = { PG: 'postgres://postgres@127.0.0.1:45059/postgres' };
    const actual = 'isolation anomalies on PostgreSQL 16.2 (postgres://postgres@127.0.0.1:45059/postgres), each test';
    expect(withServerNames(actual, ['isolation', '--store', '$PG'], env)).toBe('isolation anomalies on PostgreSQL 16.2 ($PG), each test');
    const sample = { mode: 'exact' as const, output: 'isolation anomalies on PostgreSQL 15.18 (Debian 15.18-0+deb12u1) ($PG), each test' };
    expect(matches(sample, 'isolation anomalies on PostgreSQL 16.2 ($PG), each test')).toBe(true);
    expect(matches(sample, 'isolation anomalies on PostgreSQL 16.2 ($PG), every test')).toBe(false);
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
    const naming = (server: string): number =>
      documentationFiles(root)
        .flatMap((file) => findSamples(file, readFileSync(file, 'utf8')))
        .filter((sample) => sample.args.includes(server)).length;
    expect(skipped.length).toBe((canRunPostgres ? 0 : naming('$PG')) + (canRunRedis ? 0 : naming('$REDIS')));
    expect(mismatches.map(({ sample, actual }) => `${sample.file}:${sample.line}\n${actual}`)).toEqual([]);
  });
});
