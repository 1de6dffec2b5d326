// explore runs the bodies in racedemo itself: a body that throws or never
// settles is the scenario's bug, reported as run reports it (one line, exit 3),
// never graded as an outcome; Ctrl-C ends it as it ends a run.
import { expect, it } from 'vitest';
import { racedemo, runCli } from './cli.js';

const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;

it('a body that throws: one line naming the schedule and the worker, exit 3, nothing on stdout', async () => {
  for (const format of [[], ['--json']]) {
    const { code, stdout, stderr } = await runCli(['explore', fixture('throws.mjs'), ...format]);
    expect(stderr).toBe('racedemo: schedule 1: worker 2 threw: boom in the body\n');
    expect(stdout).toBe('');
    expect(code).toBe(3);
  }
});

// A subprocess: before, racedemo left with Node's exit 13 (an await that never settles), which only a process shows.
it('a body that never settles: one line naming the worker, exit 3', async () => {
  const { code, stdout, stderr } = await racedemo(['explore', fixture('never-settles.mjs')]);
  expect(stderr).toMatch(/^racedemo: schedule 1: worker 2 never settled: waited \d+ s on something other than racedemo's memory, locks and sleep\n$/);
  expect(stdout).toBe('');
  expect(code).toBe(3);
});

it('interrupted (Ctrl-C, here through the caller\'s signal): "interrupted by SIGINT", exit 130, nothing on stdout', async () => {
  const controller = new AbortController();
  // Millions of schedules: without the interruption it would run for minutes.
  const explored = runCli(['explore', 'process-array', '--no-lock', '--workers', '3', '--iterations', '3', '--max-schedules', '10000000'], { signal: controller.signal });
  controller.abort();
  const { code, stdout, stderr } = await explored;
  expect(stderr).toBe('racedemo: interrupted by SIGINT\n');
  expect(stdout).toBe('');
  expect(code).toBe(130);
});

// Subprocesses: the error escapes the body's promise into racedemo's own process (before, a stack trace and exit 1).
it.each([
  ['timer', 'thrown from a timer'],
  ['rejection', 'a rejection nobody handled'],
])('a body whose error escapes its await (%s): one line, exit 3, nothing on stdout', async (misbehaviour, message) => {
  const { code, stdout, stderr } = await racedemo(['explore', fixture('misbehaves.mjs')], { RACEDEMO_FIXTURE_MISBEHAVIOUR: misbehaviour });
  expect(stderr).toBe(`racedemo: a worker's body failed outside its await: ${message}\n`);
  expect(stdout).toBe('');
  expect(code).toBe(3);
});
