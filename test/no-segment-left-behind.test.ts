// Shared segments (racedemo-* files in /dev/shm) never outlive a run: not
// after a good run, a failed one (a worker threw, died, hung, or could not
// start), an unmet --expect, nor a run inside this process that rejected.
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { beforeEach, expect, it } from 'vitest';
import { runTrials } from '../dist/src/run/runner.js';
import { loadScenario } from '../dist/src/scenario/catalog.js';
import { isAlive, racedemo } from './cli.js';

const directory = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const here = new URL('.', import.meta.url).pathname;
const segments = (): string[] => readdirSync(directory).filter((name) => name.startsWith('racedemo-'));


/** New segment files, leaving out those of racedemo runs still going in other processes (not started here). */
function leftBehind(before: Set<string>): string[] {
  return segments().filter((name) => {
    if (before.has(name)) return false;
    const pid = Number(/^racedemo-(\d+)-/.exec(name)?.[1]);
    return pid === process.pid || !isAlive(pid);
  });
}

let before: Set<string>;
beforeEach(() => {
  before = new Set(segments());
});

it.each([
  [['run', 'process-array', '--trials', '5', '--json'], 0],
  [['run', 'process-value', '--compare', '--trials', '3', '--json'], 0],
  [['run', 'process-value', '--trials', '3', '--expect', 'race', '-q'], 1],
  [['run', './fixtures/throws.mjs', '--engine', 'processes'], 3],
  [['run', './fixtures/dies-holding-lock.mjs', '--engine', 'processes'], 3],
  [['run', './fixtures/hangs.mjs', '--engine', 'processes', '--timeout', '500', '--trials', '3'], 3],
  [['run', './fixtures/fails-to-load-in-workers.mjs', '--engine', 'processes'], 3],
] as const)('racedemo %j exits %i and leaves no segment file', async (args, code) => {
  const result = await racedemo([...args], {}, here);
  expect(result.code).toBe(code);
  expect(leftBehind(before)).toEqual([]);
});

it('runs inside this process, one that completes and one that rejects, leave none', async () => {
  const counter = await loadScenario('thread-counter');
  await runTrials({ loaded: counter, engine: 'processes', lock: true, trials: 3, workload: counter.scenario.defaults, timeoutMs: 30_000 });
  const throws = await loadScenario(new URL('./fixtures/throws.mjs', import.meta.url).pathname);
  const failing = runTrials({ loaded: throws, engine: 'processes', lock: true, trials: 3, workload: throws.scenario.defaults, timeoutMs: 30_000 });
  await expect(failing).rejects.toThrow(/worker 2 threw: boom in the body/);
  expect(leftBehind(before)).toEqual([]);
});
