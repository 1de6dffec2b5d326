// The default format, as a person reads it: a header naming what ran, the
// outcome histogram, one summary line; with --compare both runs and the cost
// of the lock. Results on stdout, nothing on stderr when piped.
import { expect, it } from 'vitest';
import { runCli } from './cli.js';

it('locked: the header, one expected row with all trials, a summary with 0 races', async () => {
  const { code, stdout, stderr } = await runCli(['run', 'thread-counter', '--trials', '5']);
  expect(code).toBe(0);
  expect(stderr).toBe('');
  const lines = stdout.trimEnd().split('\n');
  expect(lines[0]).toBe('thread-counter · threads · lock · 5 trials · 2 workers × 10 iterations · window 0.2 ms');
  expect(lines[1]).toMatch(/^\s+final value\s+trials\s+share\s+verdict$/);
  expect(lines[2]).toMatch(/^\s+20\s+5\s+100\.0%\s+expected$/);
  expect(lines[3]).toMatch(/^races in 0\/5 trials \(0\.0%, 95% CI 0\.0–43\.5%\) · lost updates mean 0, max 0 · /);
  expect(lines).toHaveLength(4);
});

it('unlocked: the rows add up to the trials, and each verdict matches its final value', async () => {
  const { code, stdout } = await runCli(['run', 'process-array', '--no-lock', '--trials', '12']);
  expect(code).toBe(0);
  const lines = stdout.trimEnd().split('\n');
  expect(lines[0]).toBe('process-array · processes · no lock · 12 trials · 2 workers × 100 iterations');
  const rows = lines.filter((line) => line.startsWith('  ['));
  let trials = 0;
  let raced = 0;
  for (const row of rows) {
    const match = /^\s+\[(\d+), (\d+), (\d+)\]\s+(\d+)\s+[\d.]+%\s+(expected|race · lost (\d+))$/.exec(row);
    expect(match, row).not.toBeNull();
    const [, a, b, c, count, verdict, lost] = match!;
    const shortfall = 200 - Number(a) + 300 - Number(b) + 400 - Number(c);
    if (verdict === 'expected') expect(shortfall).toBe(0);
    else {
      expect(Number(lost)).toBe(shortfall);
      raced += Number(count);
    }
    trials += Number(count);
  }
  expect(trials).toBe(12);
  expect(lines.find((line) => line.startsWith('races in'))).toMatch(new RegExp(`^races in ${raced}/12 trials \\(`));
});

it('--compare: both runs side by side, a summary for each, and the lock cost', async () => {
  const { code, stdout, stderr } = await runCli(['run', 'process-value', '--compare', '--trials', '5']);
  expect(code).toBe(0);
  expect(stderr).toBe('');
  expect(stdout).toMatch(/^process-value · processes · 5 trials · 2 workers × 100 iterations\n/);
  expect(stdout).toMatch(/^\s+final value\s+no lock\s+lock\s+verdict$/m);
  expect(stdout).toMatch(/^\s+200\s+(\d+ \(\d+\.\d%\)|·)\s+5 \(100\.0%\)\s+expected$/m);
  expect(stdout).toMatch(/^no lock: races in \d\/5 trials/m);
  expect(stdout).toMatch(/^lock: +races in 0\/5 trials \(0\.0%, 95% CI/m);
  expect(stdout).toMatch(/^lock cost: ×[\d.]+ median time per trial/m);
});
