// The litmus harness's throughput: samples per second for every test and
// access mode, and the harness choices behind it (instances per round,
// pacing, padding, raw workers or piscina), each as a ratio against a naive
// harness measured in the same run: one instance per round, so two barriers
// for every sample.
import { gradeHistogram } from '../src/litmus/grade.js';
import { defaultInstances, runHarness, type HarnessRequest } from '../src/litmus/harness.js';
import { findTest, litmusTests, type Access } from '../src/litmus/tests.js';
import { fixed, median } from './measure.js';

export interface LitmusFigure {
  label: string;
  test: string;
  access: Access;
  instances: number;
  paced: boolean;
  memStride: number;
  threads: 'workers' | 'piscina';
  samples: number;
  /** Median over the repeats. */
  samplesPerSecond: number;
  /** Share of samples that were relaxed (interesting) outcomes, over all repeats. */
  relaxedShare: number;
  /** samplesPerSecond over the naive harness's. */
  ratio: number;
}

const repeats = 3;

async function measure(label: string, request: HarnessRequest): Promise<Omit<LitmusFigure, 'ratio'>> {
  const rates: number[] = [];
  let relaxed = 0;
  let total = 0;
  for (let repeat = 0; repeat < repeats; repeat++) {
    const result = await runHarness(request);
    rates.push(result.samples / (result.elapsedMs / 1000));
    const graded = gradeHistogram(request.test, request.access, result.layout, result.histogram);
    relaxed += graded.filter((entry) => entry.grade !== 'acceptable').reduce((sum, entry) => sum + entry.samples, 0);
    total += result.samples;
  }
  return {
    label,
    test: request.test.name,
    access: request.access,
    instances: request.instances ?? defaultInstances,
    paced: request.paced ?? true,
    memStride: request.memStride ?? 2,
    threads: request.threads ?? 'workers',
    samples: request.samples,
    samplesPerSecond: Math.round(median(rates)),
    relaxedShare: fixed(relaxed / total, 6),
  };
}

export interface LitmusBench {
  baseline: LitmusFigure;
  choices: LitmusFigure[];
  tests: LitmusFigure[];
}

export async function litmusBench(progress: (message: string) => void): Promise<LitmusBench> {
  const sb = findTest('SB')!;
  const samples = 5_000_000;
  progress('litmus: the naive harness (one instance per round)');
  const naive = await measure('naive: 1 instance per round', { test: sb, access: 'plain', samples: 20_000, instances: 1 });
  const ratio = (figure: Omit<LitmusFigure, 'ratio'>): LitmusFigure => ({ ...figure, ratio: fixed(figure.samplesPerSecond / naive.samplesPerSecond, 1) });
  const choices: LitmusFigure[] = [];
  const variants: Array<[string, Partial<HarnessRequest>]> = [
    ['256 instances per round', { instances: 256 }],
    ['4,096 instances per round', { instances: 4096 }],
    ['16,384 per round (default)', {}],
    ['131,072 instances per round', { instances: 131_072 }],
    ['not paced', { paced: false }],
    ['one cache line per instance', { memStride: 16 }],
    ['piscina instead of raw workers', { threads: 'piscina' }],
  ];
  for (const [label, change] of variants) {
    progress(`litmus: SB plain, ${label}`);
    choices.push(ratio(await measure(label, { test: sb, access: 'plain', samples, ...change })));
  }
  const tests: LitmusFigure[] = [];
  for (const test of litmusTests) {
    for (const access of ['plain', 'atomics'] as const) {
      progress(`litmus: ${test.name} ${access}`);
      tests.push(ratio(await measure(`${test.name} ${access}`, { test, access, samples })));
    }
  }
  return { baseline: ratio(naive), choices, tests };
}
