// racedemo SIGKILLed in the middle of a processes run gets no chance to clean
// up: its children must still leave (the IPC channel closes) and no segment
// file or lock pipe may stay in /dev/shm (they are unlinked as soon as made:
// the children inherit their descriptors).
import { expect, it } from 'vitest';
import { childrenOf, isAlive, lineOn, segmentsOf, start, waitFor } from './cli.js';

it('a locked process-array run, SIGKILLed mid-run: its children exit and nothing is left in /dev/shm', async () => {
  const { child, closed } = start(['run', 'process-array', '--lock', '--trials', '1000000', '--format', 'ndjson']);
  const pid = child.pid ?? 0;
  // The first streamed trial: every child is running.
  await lineOn(child.stdout, /"type":"trial"/);
  const children = childrenOf(pid);
  expect(children.length).toBeGreaterThanOrEqual(2);
  child.kill('SIGKILL');
  await closed;
  await waitFor('the orphaned children to exit', () => children.every((orphan) => !isAlive(orphan)));
  expect(segmentsOf(pid)).toEqual([]);
});
