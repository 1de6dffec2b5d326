// ndjson and csv: one line per trial as it finishes, then (ndjson) a summary
// line with the --json fields; nothing on stderr.
import { expect, it } from 'vitest';
import { runCli } from './cli.js';
import { expectConsistentRun } from './run-document.js';

it('--format ndjson: N trial lines, then one summary line with the --json fields', async () => {
  const { code, stdout, stderr } = await runCli(['run', 'process-value', '--no-lock', '--trials', '7', '--format', 'ndjson']);
  expect(code).toBe(0);
  expect(stderr).toBe('');
  expect(stdout.endsWith('\n')).toBe(true);
  const lines = stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
  expect(lines).toHaveLength(8);
  const trials = lines.slice(0, 7);
  expect(trials.map((line) => [line.type, line.trial])).toEqual([1, 2, 3, 4, 5, 6, 7].map((trial) => ['trial', trial]));
  for (const line of trials) {
    expect(Object.keys(line)).toEqual(expect.arrayContaining(['type', 'trial', 'final', 'raced', 'lost', 'ms']));
    expect(line.lost).toBe(200 - line.final.value);
    expect(line.raced).toBe(line.final.value !== 200);
    expect(typeof line.ms).toBe('number');
  }
  const summary = lines[7];
  expect(summary).toMatchObject({ type: 'summary', schemaVersion: 1, kind: 'run', scenario: 'process-value', lock: false, expected: { value: 200 } });
  expectConsistentRun(summary);
  // The summary counts what the trial lines said.
  expect(summary.races.count).toBe(trials.filter((line) => line.raced).length);
  expect(summary.lostUpdates.total).toBe(trials.reduce((sum, line) => sum + line.lost, 0));
});

it('--format ndjson with the lock: every trial line at the expected value', async () => {
  const { code, stdout } = await runCli(['run', 'thread-counter', '--trials', '5', '--format', 'ndjson']);
  expect(code).toBe(0);
  const lines = stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
  expect(lines).toHaveLength(6);
  for (const line of lines.slice(0, 5)) expect(line).toMatchObject({ type: 'trial', final: { counter: 20 }, raced: false, lost: 0 });
  expect(lines[5]).toMatchObject({ type: 'summary', races: { count: 0, rate: 0 } });
});

it('--format csv: the header and one row per trial, final as quoted JSON', async () => {
  const { code, stdout, stderr } = await runCli(['run', 'thread-counter', '--trials', '4', '--format', 'csv']);
  expect(code).toBe(0);
  expect(stderr).toBe('');
  const [header, ...rows] = stdout.trimEnd().split('\n');
  expect(header).toBe('trial,raced,lost,ms,final,lock');
  expect(rows).toHaveLength(4);
  rows.forEach((row, index) => expect(row).toMatch(new RegExp(`^${index + 1},false,0,[\\d.]+,"{""counter"":20}",true$`)));
});

it('--format csv without the lock: raced and lost agree with the final value in every row', async () => {
  const { code, stdout } = await runCli(['run', 'process-array', '--no-lock', '--trials', '6', '--format', 'csv']);
  expect(code).toBe(0);
  const [header, ...rows] = stdout.trimEnd().split('\n');
  expect(header).toBe('trial,raced,lost,ms,final,lock');
  expect(rows).toHaveLength(6);
  rows.forEach((row, index) => {
    const match = /^(\d+),(true|false),(-?\d+),([\d.]+),"(.*)",false$/.exec(row);
    expect(match, row).not.toBeNull();
    const [, trial, raced, lost, , final] = match!;
    const numbers: number[] = JSON.parse(final!.replaceAll('""', '"')).numbers;
    const shortfall = [200, 300, 400].reduce((sum, value, k) => sum + value - numbers[k]!, 0);
    expect(Number(trial)).toBe(index + 1);
    expect(Number(lost)).toBe(shortfall);
    expect(raced).toBe(String(shortfall !== 0));
  });
});

it('--compare --format ndjson: the unlocked trials, the locked trials, then a comparison summary', async () => {
  const { code, stdout } = await runCli(['run', 'process-value', '--compare', '--trials', '3', '--format', 'ndjson']);
  expect(code).toBe(0);
  const lines = stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
  expect(lines).toHaveLength(7);
  expect(lines.slice(0, 6).map((line) => [line.type, line.trial, line.lock])).toEqual([
    ['trial', 1, false],
    ['trial', 2, false],
    ['trial', 3, false],
    ['trial', 1, true],
    ['trial', 2, true],
    ['trial', 3, true],
  ]);
  expect(lines[6]).toMatchObject({ type: 'summary', kind: 'comparison' });
  expect(lines[6].runs.map((run: { lock: boolean }) => run.lock)).toEqual([false, true]);
});
