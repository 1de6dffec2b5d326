// The generated actor and collector code, run on one thread: actors one after
// the other over every instance must give the outcome of that serial order,
// the collector must count it in the right bucket and reset the memory.
import { describe, expect, it } from 'vitest';
import { actorSource, compileActor, compileCollector, decode, layoutOf } from '../dist/src/litmus/codegen.js';
import { litmusTests, type LitmusTest } from '../dist/src/litmus/tests.js';

/** The outcome of running the actors serially, actor 0 first. */
function serial(test: LitmusTest): Record<string, number> {
  const memory: Record<string, number> = { x: 0, y: 0 };
  const outcome: Record<string, number> = {};
  for (const operation of test.actors.flat()) {
    if (operation.op === 'store') memory[operation.loc] = operation.value;
    else outcome[operation.reg] = memory[operation.loc] ?? 0;
  }
  for (const loc of test.finals) outcome[loc] = memory[loc] ?? 0;
  return outcome;
}

describe.each(litmusTests.map((test) => [test.name, test] as const))('%s', (_, test) => {
  it.each(['plain', 'atomics'] as const)('%s: serial actors give the serial outcome in every instance', (access) => {
    const instances = 300;
    const layout = layoutOf(test);
    const memory = new Int32Array(new SharedArrayBuffer(instances * layout.memStride * 4));
    const registers = new Int32Array(new SharedArrayBuffer(instances * Math.max(1, layout.regStride) * 4));
    const progress = new Int32Array(new SharedArrayBuffer(test.actors.length * 16 * 4));
    test.actors.forEach((__, actor) => compileActor(test, actor, access, layout, false)(memory, registers, instances, progress));
    const histogram = new Float64Array(layout.buckets);
    compileCollector(test, layout, access)(memory, registers, histogram, 0, instances);
    const seen = [...histogram.entries()].filter(([, count]) => count > 0);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.[1]).toBe(instances);
    expect(decode(seen[0]?.[0] ?? -1, layout)).toEqual(serial(test));
    expect(memory.every((value) => value === 0)).toBe(true);
  });

  it('atomics code uses Atomics for every shared access, plain code for none', () => {
    const layout = layoutOf(test);
    const plain = actorSource(test, 0, 'plain', layout, false);
    const atomics = actorSource(test, 0, 'atomics', layout, false);
    expect(plain).not.toMatch(/Atomics\.(load|store)\(m/);
    expect(atomics).not.toMatch(/m\[b/);
    expect(atomics.match(/Atomics\.(load|store)\(m/g)).toHaveLength(test.actors[0]?.length ?? 0);
  });
});
