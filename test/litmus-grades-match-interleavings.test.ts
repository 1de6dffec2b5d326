// The litmus grading tables against two independent derivations: every
// sequentially consistent interleaving (enumerated here), which must be
// exactly the acceptable outcomes; and the ECMAScript model's verdict for
// plain (Unordered) accesses, which allows any combination of written values.
import { describe, expect, it } from 'vitest';
import { decode, layoutOf } from '../dist/src/litmus/codegen.js';
import { checkNothingForbidden } from '../dist/src/litmus/command.js';
import { gradeHistogram, gradeOf } from '../dist/src/litmus/grade.js';
import { wilsonInterval as wilson } from '../dist/src/run/uncertainty.js';
import { litmusDocument } from '../dist/src/litmus/report.js';
import { litmusTests, outcomeNames, type LitmusTest, type Operation } from '../dist/src/litmus/tests.js';
import { explore } from '../dist/src/explore/explore.js';
import { defineScenario, int32, type Scenario } from '../dist/src/scenario/api.js';

type Values = Record<string, number>;
const key = (values: Values, names: string[]): string => names.map((name) => `${name}=${values[name]}`).join(' ');

/** Every outcome of every interleaving of the actors' operations (each actor's in program order). */
function interleavings(test: LitmusTest): Set<string> {
  const names = outcomeNames(test);
  const seen = new Set<string>();
  const walk = (next: number[], memory: Values, registers: Values): void => {
    let done = true;
    test.actors.forEach((actor, index) => {
      const operation: Operation | undefined = actor[next[index] ?? 0];
      if (!operation) return;
      done = false;
      const after = next.map((position, k) => (k === index ? position + 1 : position));
      if (operation.op === 'store') walk(after, { ...memory, [operation.loc]: operation.value }, registers);
      else walk(after, memory, { ...registers, [operation.reg]: memory[operation.loc] ?? 0 });
    });
    if (done) seen.add(key({ ...registers, ...Object.fromEntries(test.finals.map((loc) => [loc, memory[loc] ?? 0])) }, names));
  };
  walk(test.actors.map(() => 0), { x: 0, y: 0 }, {});
  return seen;
}

/** What the model allows for Unordered accesses: each read any value written to its location (or 0), each final any written value. */
function plainAllowed(test: LitmusTest): Set<string> {
  const names = outcomeNames(test);
  const written = (loc: string): number[] => test.actors.flat().flatMap((op) => (op.op === 'store' && op.loc === loc ? [op.value] : []));
  const choices = names.map((name) => {
    if (test.finals.includes(name as 'x')) return written(name);
    const load = test.actors.flat().find((op) => op.op === 'load' && op.reg === name);
    return [0, ...written(load?.loc ?? '')];
  });
  let combos: number[][] = [[]];
  for (const options of choices) combos = combos.flatMap((combo) => options.map((value) => [...combo, value]));
  return new Set(combos.map((combo) => key(Object.fromEntries(names.map((name, k) => [name, combo[k] ?? 0])), names)));
}

/** The litmus test as a racedemo scenario (registers as shared slots), for the explore scheduler. */
function asScenario(test: LitmusTest): Scenario {
  const slots = Object.fromEntries(['x', 'y', ...outcomeNames(test).filter((name) => !test.finals.includes(name as 'x'))].map((name) => [name, int32(0)]));
  return defineScenario({
    name: `litmus-${test.name}`,
    summary: test.title,
    engine: 'threads',
    defaults: { workers: test.actors.length, iterations: 1, window: 0, pause: 0 },
    memory: () => slots,
    expected: () => 0,
    async worker({ memory, worker }) {
      const cells = memory as Record<string, { read(): Promise<number>; write(value: number): Promise<void> }>;
      for (const operation of test.actors[worker - 1] ?? []) {
        if (operation.op === 'store') await cells[operation.loc]!.write(operation.value);
        else await cells[operation.reg]!.write(await cells[operation.loc]!.read());
      }
    },
  });
}

describe.each(litmusTests.map((test) => [test.name, test] as const))('%s', (_, test) => {
  const names = outcomeNames(test);

  it('explore (the project\'s deterministic scheduler) finds the same SC outcomes as the enumerator', async () => {
    const scenario = asScenario(test);
    const result = await explore({ scenario, workload: scenario.defaults, lock: false, mode: { kind: 'exhaustive', maxSchedules: 100_000 } });
    expect(result.complete).toBe(true);
    const found = result.outcomes.map((outcome) => key(outcome.final as Values, names));
    expect([...new Set(found)].sort()).toEqual([...interleavings(test)].sort());
  });
  const table = (grade: string): string[] => test.outcomes.filter((o) => o.plain === grade).map((o) => key(o.values, names)).sort();

  it('acceptable = exactly the outcomes of the SC interleavings', () => {
    expect(table('acceptable')).toEqual([...interleavings(test)].sort());
  });

  it('plain accesses: acceptable + interesting = every combination of written values; nothing else allowed', () => {
    expect([...table('acceptable'), ...table('interesting')].sort()).toEqual([...plainAllowed(test)].sort());
    expect(table('interesting').length).toBeGreaterThan(0);
  });

  it('every code of the value space is graded: with Atomics, everything not SC is forbidden', () => {
    const layout = layoutOf(test);
    const sc = interleavings(test);
    const allowed = plainAllowed(test);
    for (let code = 0; code < layout.buckets - 1; code++) {
      const values = decode(code, layout) as Values;
      const k = key(values, names);
      expect(gradeOf(test, 'atomics', values).grade).toBe(sc.has(k) ? 'acceptable' : 'forbidden');
      expect(gradeOf(test, 'plain', values).grade).toBe(sc.has(k) ? 'acceptable' : allowed.has(k) ? 'interesting' : 'forbidden');
      expect(gradeOf(test, 'plain', values).description.length).toBeGreaterThan(10);
    }
  });
});

it('SB (0,0) is interesting with plain accesses and forbidden with Atomics; CoRR (1,0) too', () => {
  const sb = litmusTests.find((test) => test.name === 'SB')!;
  expect(gradeOf(sb, 'plain', { r0: 0, r1: 0 }).grade).toBe('interesting');
  expect(gradeOf(sb, 'atomics', { r0: 0, r1: 0 }).grade).toBe('forbidden');
  const corr = litmusTests.find((test) => test.name === 'CoRR')!;
  expect(gradeOf(corr, 'plain', { r0: 1, r1: 0 }).grade).toBe('interesting');
});

it('a histogram is graded with every table outcome, the out-of-range bucket forbidden, and a Wilson interval', () => {
  const sb = litmusTests.find((test) => test.name === 'SB')!;
  const layout = layoutOf(sb);
  const histogram = new Float64Array(layout.buckets);
  histogram[1] = 60; // r0=1 r1=0
  histogram[2] = 40; // r0=0 r1=1
  histogram[layout.buckets - 1] = 1;
  const graded = gradeHistogram(sb, 'plain', layout, histogram);
  expect(graded.map((entry) => [entry.grade, entry.samples])).toEqual([
    ['acceptable', 60], ['acceptable', 40], ['acceptable', 0], ['interesting', 0], ['forbidden', 1],
  ]);
  const [low, high] = wilson(0, 1_000_000);
  expect(low).toBe(0);
  expect(high).toBeCloseTo(3.84e-6, 7);
});

it('a forbidden outcome seen fails the run with exit 1, naming it; unseen forbidden outcomes do not', () => {
  const sb = litmusTests.find((test) => test.name === 'SB')!;
  const layout = layoutOf(sb);
  const histogram = new Float64Array(layout.buckets);
  histogram[1] = 10;
  const clean = litmusDocument(sb, 'atomics', { layout, samples: 10, elapsedMs: 1, histogram }, gradeHistogram(sb, 'atomics', layout, histogram));
  expect(() => checkNothingForbidden([clean])).not.toThrow();
  histogram[0] = 2; // r0=0 r1=0 with Atomics
  const broken = litmusDocument(sb, 'atomics', { layout, samples: 12, elapsedMs: 1, histogram }, gradeHistogram(sb, 'atomics', layout, histogram));
  expect(() => checkNothingForbidden([clean, broken])).toThrow(expect.objectContaining({ exitCode: 1, message: 'forbidden outcome seen: SB atomics r0=0 r1=0 (2)' }));
});
