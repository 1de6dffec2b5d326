// The litmus harness on this machine's real threads and shared memory:
// with Atomics nothing forbidden appears over ten million samples and more;
// with plain accesses SB may or may not show (0,0) (the hardware and the
// load decide), and the test says which it saw.
import { expect, it } from 'vitest';
import { gradeHistogram } from '../dist/src/litmus/grade.js';
import { runHarness } from '../dist/src/litmus/harness.js';
import { findTest, litmusTests } from '../dist/src/litmus/tests.js';

const forbiddenSeen = (entries: Array<{ grade: string; samples: number }>): number =>
  entries.filter((entry) => entry.grade === 'forbidden').reduce((sum, entry) => sum + entry.samples, 0);

it('Atomics: 10 million SB samples and 2 million of every other test, none forbidden', async () => {
  for (const test of litmusTests) {
    const samples = test.name === 'SB' ? 10_000_000 : 2_000_000;
    const result = await runHarness({ test, access: 'atomics', samples });
    expect(result.samples).toBeGreaterThanOrEqual(samples);
    const graded = gradeHistogram(test, 'atomics', result.layout, result.histogram);
    expect(forbiddenSeen(graded), `${test.name}: ${JSON.stringify(graded.filter((e) => e.grade === 'forbidden' && e.samples))}`).toBe(0);
    // The actors really ran: more than one SC outcome appears.
    expect(graded.filter((entry) => entry.samples > 0).length).toBeGreaterThan(1);
  }
});

it('plain SB: every sample is one of the four outcomes; (0,0) may or may not appear', async ({ annotate }) => {
  const test = findTest('SB')!;
  const result = await runHarness({ test, access: 'plain', samples: 5_000_000 });
  const graded = gradeHistogram(test, 'plain', result.layout, result.histogram);
  expect(forbiddenSeen(graded)).toBe(0);
  expect(graded.reduce((sum, entry) => sum + entry.samples, 0)).toBe(result.samples);
  const relaxed = graded.find((entry) => entry.grade === 'interesting')!;
  const seen = `plain SB: (0,0) ${relaxed.samples > 0 ? `seen ${relaxed.samples} times` : 'not seen'} in ${result.samples} samples`;
  console.info(seen);
  await annotate(seen);
});

it('stops at the time limit, short of the sample budget', async () => {
  const started = performance.now();
  const result = await runHarness({ test: findTest('MP')!, access: 'plain', samples: 1e12, timeMs: 300 });
  expect(result.samples).toBeGreaterThan(0);
  expect(result.samples).toBeLessThan(1e12);
  expect(performance.now() - started, 'generous upper bound').toBeLessThan(30_000);
});

it('an abort terminates the actors and rejects with its reason', async () => {
  const controller = new AbortController();
  const run = runHarness({ test: findTest('IRIW')!, access: 'atomics', samples: 1e12, signal: controller.signal });
  setImmediate(() => controller.abort(new Error('stop now')));
  await expect(run).rejects.toThrow('stop now');
});
