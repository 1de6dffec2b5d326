// ndjson and csv: one line per trial, then (ndjson) a summary line.
import { expect, it } from 'vitest';
import { racedemo } from './cli.js';

it('--format ndjson: a line per trial, then a summary with schemaVersion', async () => {
  const { code, stdout, stderr } = await racedemo(['run', 'process-value', '--no-lock', '--trials', '7', '--format', 'ndjson']);
  expect(code).toBe(0);
  expect(stderr).toBe('');
  const lines = stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
  expect(lines).toHaveLength(8);
  expect(lines.slice(0, 7).map((line) => [line.type, line.trial])).toEqual([1, 2, 3, 4, 5, 6, 7].map((trial) => ['trial', trial]));
  expect(Object.keys(lines[0])).toEqual(['type', 'trial', 'final', 'raced', 'lost', 'ms', 'lock']);
  expect(lines[7]).toMatchObject({ type: 'summary', schemaVersion: 1, kind: 'run', scenario: 'process-value' });
});

it('--format csv: the header and one row per trial, final as quoted JSON', async () => {
  const { code, stdout } = await racedemo(['run', 'thread-counter', '--trials', '4', '--format', 'csv']);
  expect(code).toBe(0);
  const [header, ...rows] = stdout.trimEnd().split('\n');
  expect(header).toBe('trial,raced,lost,ms,final,lock');
  expect(rows).toHaveLength(4);
  rows.forEach((row, index) => expect(row).toMatch(new RegExp(`^${index + 1},false,0,[\\d.]+,"{""counter"":20}",true$`)));
});
