// `racedemo show isolation`: every anomaly the isolation command tests, in
// plain words, with one line on what an application would show.
import { expect, it } from 'vitest';
import { racedemo } from './cli.js';

const anomalies = ['G0', 'G1a', 'G1b', 'G1c', 'OTV', 'PMP', 'P4', 'G-single', 'G2-item', 'G2'];

it('show isolation names each anomaly once, with what a developer would see', async () => {
  const { code, stdout, stderr } = await racedemo(['show', 'isolation']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const starts = stdout.split('\n').filter((line) => /^\S/.test(line)).map((line) => line.split(' ')[0]);
  expect(starts.filter((word) => anomalies.includes(word ?? ''))).toEqual(anomalies);
  expect(stdout.match(/In an application:/g)).toHaveLength(anomalies.length);
  expect(stdout).toContain('P4        lost update: two transactions read a value');
  expect(stdout.replace(/\s+/g, ' ')).toContain('READ UNCOMMITTED is READ COMMITTED in PostgreSQL.');
  for (const line of stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(90);
});

it('show isolation --json gives each anomaly its name, plain words and symptom', async () => {
  const { code, stdout } = await racedemo(['show', 'isolation', '--json']);
  expect(code).toBe(0);
  const lessons = JSON.parse(stdout) as Record<string, { name: string; plain: string; symptom: string }>;
  expect(Object.keys(lessons)).toEqual(anomalies);
  for (const lesson of Object.values(lessons)) expect(lesson).toMatchObject({ name: expect.any(String), plain: expect.any(String), symptom: expect.any(String) });
});
