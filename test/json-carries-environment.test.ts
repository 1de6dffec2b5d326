// Every command's JSON carries the machine it was measured on, from one
// function: CPU model, cores, architecture, OS, Node and V8, and the load
// average when the command started.
import { availableParallelism, cpus, release, type } from 'node:os';
import { describe, expect, it } from 'vitest';
import { encodeToken } from '../dist/src/report/token.js';
import { racedemo } from './cli.js';

const replayToken = encodeToken({ scenario: 'thread-counter', workers: 2, iterations: 1, lock: false, schedule: [1, 2, 1, 2] });

const commands: Array<[string, string[]]> = [
  ['run', ['run', 'thread-counter', '--trials', '2', '--json']],
  ['run --compare', ['run', 'thread-counter', '--compare', '--trials', '2', '--json']],
  ['sweep', ['sweep', 'thread-counter', '--window', '0', '--trials', '2', '--json']],
  ['explore', ['explore', 'thread-counter', '--no-lock', '--json']],
  ['explore --replay', ['explore', 'thread-counter', '--no-lock', '--replay', replayToken, '--json']],
];

function expectEnvironment(environment: unknown): void {
  expect(Object.keys(environment as object)).toEqual(['cpu', 'cores', 'arch', 'os', 'node', 'v8', 'loadAverage']);
  expect(environment).toMatchObject({
    cpu: cpus()[0]?.model.trim(),
    cores: availableParallelism(),
    arch: process.arch,
    os: `${type()} ${release()}`,
    node: process.version,
    v8: process.versions.v8,
  });
  const { loadAverage } = environment as { loadAverage: number[] };
  expect(loadAverage).toHaveLength(3);
  for (const load of loadAverage) expect(load).toBeGreaterThanOrEqual(0);
}

describe('the environment in every JSON document', () => {
  it.each(commands)('%s', async (_name, args) => {
    const { code, stdout } = await racedemo(args);
    expect(code).toBe(0);
    const document = JSON.parse(stdout) as { kind: string; environment: unknown };
    expect(Object.keys(document).slice(0, 4)).toEqual(['schemaVersion', 'kind', 'tool', 'environment']);
    expectEnvironment(document.environment);
  });

  it('litmus, for each test and access mode', async () => {
    const { code, stdout } = await racedemo(['litmus', 'SB', '--samples', '2000', '--json']);
    expect(code).toBe(0);
    const documents = JSON.parse(stdout) as Array<{ kind: string; environment: unknown }>;
    expect(documents).toHaveLength(2);
    for (const document of documents) expectEnvironment(document.environment);
  });

  it('the ndjson summary line carries it too, and the HTML page says it', async () => {
    const { stdout } = await racedemo(['run', 'thread-counter', '--trials', '2', '--format', 'ndjson']);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { type: string; environment: unknown };
    expect(summary.type).toBe('summary');
    expectEnvironment(summary.environment);
    const page = await racedemo(['run', 'thread-counter', '--trials', '2', '--format', 'html']);
    expect(page.stdout).toContain(`Node ${process.version}, V8 ${process.versions.v8}`);
  });
});
