// Grades a litmus run's histogram, jcstress-style: every outcome of the test's
// table (seen or not), plus anything seen outside it, with its grade under the
// access mode, its frequency, and for relaxed outcomes a 95% Wilson interval.
import { wilsonInterval } from '../run/uncertainty.js';
import { decode, type Layout } from './codegen.js';
import type { Access, Grade, LitmusTest, OutcomeValues } from './tests.js';

export interface GradedCount {
  outcome: OutcomeValues;
  samples: number;
  frequency: number;
  grade: Grade;
  description: string;
  /** 95% Wilson interval of the rate, for outcomes that are not acceptable. */
  interval?: [number, number];
}

const key = (values: OutcomeValues, names: readonly string[]): string => names.map((name) => values[name]).join(',');

/** The grade and description of one outcome of `test` under `access`. */
export function gradeOf(test: LitmusTest, access: Access, values: OutcomeValues): { grade: Grade; description: string } {
  const names = Object.keys(values);
  const entry = test.outcomes.find((outcome) => key(outcome.values, names) === key(values, names));
  if (!entry) return { grade: 'forbidden', description: 'no execution produces this: a value no write stored, or a lost write' };
  if (entry.plain === 'acceptable') return { grade: 'acceptable', description: entry.description };
  if (access === 'plain') return { grade: 'interesting', description: entry.description };
  return { grade: 'forbidden', description: `${entry.description}; Atomics are sequentially consistent, so this must never happen` };
}

export function gradeHistogram(test: LitmusTest, access: Access, layout: Layout, histogram: Float64Array): GradedCount[] {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  const counts = new Map<string, GradedCount>();
  const add = (outcome: OutcomeValues, samples: number): void => {
    const graded = gradeOf(test, access, outcome);
    const frequency = total > 0 ? samples / total : 0;
    counts.set(key(outcome, layout.names), {
      outcome, samples, frequency, ...graded,
      ...(graded.grade === 'acceptable' ? {} : { interval: wilsonInterval(samples, total) }),
    });
  };
  for (const entry of test.outcomes) add(entry.values, 0);
  histogram.forEach((samples, code) => {
    if (samples === 0) return;
    const outcome = decode(code, layout) ?? { outOfRange: 1 };
    const known = counts.get(key(outcome, layout.names));
    if (known) add(outcome, known.samples + samples);
    else add(outcome, samples);
  });
  const order: Record<Grade, number> = { acceptable: 0, interesting: 1, forbidden: 2 };
  return [...counts.values()].sort((a, b) => order[a.grade] - order[b.grade] || b.samples - a.samples);
}
