// racedemo SIGKILLed while its children's bodies spin in `for (;;) {}`: no
// clean-up of racedemo's runs, and the children's event loops never see the
// IPC channel close. Their watchdog threads still end them.
import { afterEach, expect, it } from 'vitest';
import { childrenOf, isAlive, lineOn, start, waitFor } from './cli.js';

/** The promise is 2 s; the watchdog looks every 200 ms, so this is generous even on a loaded machine. */
const ORPHANS_GONE_UPPER_BOUND_MS = 5000;

const fixture = new URL('./fixtures/spins.mjs', import.meta.url).pathname;
let orphans: number[] = [];

afterEach(() => {
  // If the test failed, the spinning children are ours to stop.
  for (const pid of orphans.filter(isAlive)) process.kill(pid, 'SIGKILL');
  orphans = [];
});

it(`kill -9 of racedemo while the bodies busy-loop: the children are gone within ${ORPHANS_GONE_UPPER_BOUND_MS} ms (generous upper bound)`, async () => {
  const { child } = start(['run', fixture, '--engine', 'processes', '--timeout', '100000', '-q']);
  const pid = child.pid ?? 0;
  await lineOn(child.stderr, /worker 1 is spinning/);
  await waitFor('both workers', () => childrenOf(pid).length === 2);
  orphans = childrenOf(pid);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  // Its exit, not the close of its pipes: orphans that live on hold its stderr open.
  await exited;
  const killed = performance.now();
  await waitFor('the orphans to exit', () => orphans.every((orphan) => !isAlive(orphan)) || performance.now() - killed > ORPHANS_GONE_UPPER_BOUND_MS);
  expect(orphans.filter(isAlive)).toEqual([]);
  expect(performance.now() - killed).toBeLessThan(ORPHANS_GONE_UPPER_BOUND_MS);
});
