// explore prints its table and two witness schedules (the expected outcome's
// and the commonest race's), every one with --witnesses all, and keeps each
// line within 80 columns when stdout is not a terminal.
import { expect, it } from 'vitest';
import { racedemo } from './cli.js';

const witnessTitles = (stdout: string): string[] => stdout.split('\n').filter((line) => line.startsWith('a schedule that ends at'));

it('process-array without the lock: the expected schedule and the commonest race, then a pointer to the rest', async () => {
  const json = await racedemo(['explore', 'process-array', '--no-lock', '--json']);
  const { outcomes } = JSON.parse(json.stdout) as { outcomes: Array<{ raced: boolean; schedules: number }> };
  expect(outcomes.length).toBeGreaterThan(2);
  const { code, stdout } = await racedemo(['explore', 'process-array', '--no-lock']);
  expect(code).toBe(0);
  const titles = witnessTitles(stdout);
  expect(titles).toHaveLength(2);
  expect(titles[0]).toBe('a schedule that ends at [2, 102, 202]:');
  expect(titles[1]).toMatch(/^a schedule that ends at .* \(lost \d+\):$/);
  expect(stdout).toContain(`${outcomes.length - 2} more witness schedules: --witnesses all shows every one`);
  const all = await racedemo(['explore', 'process-array', '--no-lock', '--witnesses', 'all']);
  expect(witnessTitles(all.stdout)).toHaveLength(outcomes.length);
  const none = await racedemo(['explore', 'process-array', '--no-lock', '--witnesses', 'none']);
  expect(witnessTitles(none.stdout)).toHaveLength(0);
});

it('queue-workers: no line is wider than 80 columns', async () => {
  const { code, stdout } = await racedemo(['explore', 'queue-workers', '--no-lock', '--max-schedules', '300']);
  expect(code).toBe(0);
  for (const line of stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
});
