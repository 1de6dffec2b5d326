// A scenario file is outside input. Its defaults pass the same limits as the
// flags, and a file of the wrong shape gets one line naming it, exit 2, never
// `unexpected error` or a machine brought down by 100000 workers.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { racedemo } from './cli.js';

const folder = mkdtempSync(join(tmpdir(), 'racedemo-files-'));

/** Writes `<name>.mjs`, a plain-object scenario with `parts` replacing the sound defaults; returns its path. */
function scenarioFile(name: string, parts: Record<string, string>): string {
  const fields = {
    kind: "'racedemo-scenario'",
    name: `'${name}'`,
    summary: "'a test scenario'",
    engine: "'threads'",
    defaults: '{ workers: 2, iterations: 1, window: 0, pause: 0 }',
    memory: "() => ({ counter: { kind: 'scalar', type: 'int32', initial: 0 } })",
    expected: '() => ({ counter: 2 })',
    worker: 'async ({ memory }) => { await memory.counter.write((await memory.counter.read()) + 1); }',
    ...parts,
  };
  const path = join(folder, `${name}.mjs`);
  writeFileSync(path, `export default {\n${Object.entries(fields).map(([key, value]) => `  ${key}: ${value},`).join('\n')}\n};\n`);
  return path;
}

async function runFile(path: string, ...flags: string[]): Promise<{ code: number | null; stderr: string }> {
  const { code, stderr } = await racedemo(['run', path, '--trials', '1', '-q', ...flags]);
  return { code, stderr };
}

describe("a scenario file's defaults pass the limits of the flags", () => {
  it.each([
    ['too-many', '{ workers: 100000, iterations: 1, window: 0, pause: 0 }', 'too-many.mjs: defaults.workers 100000 is out of range 1..256'],
    ['no-workers', '{ workers: 0, iterations: 1, window: 0, pause: 0 }', 'no-workers.mjs: defaults.workers 0 is out of range 1..256'],
    ['two-workers', "{ workers: 'two', iterations: 1, window: 0, pause: 0 }", "two-workers.mjs: defaults.workers 'two' is not a number"],
    ['endless', '{ workers: 2, iterations: 300000000, window: 0, pause: 0 }', 'endless.mjs: defaults.iterations 300000000 is out of range 1..10000000'],
    ['long-window', '{ workers: 2, iterations: 1, window: -1, pause: 0 }', 'long-window.mjs: defaults.window -1 is out of range 0..3600000'],
  ])('%s: one line naming the file and the setting, exit 2', async (name, defaults, message) => {
    expect(await runFile(scenarioFile(name, { defaults }))).toEqual({ code: 2, stderr: `racedemo: ${message}\n` });
  });

  it('a tutorial preset out of range is refused too', async () => {
    const path = scenarioFile('big-preset', { tutorial: '{ workers: 5000 }' });
    expect(await runFile(path, '--preset', 'tutorial')).toEqual({ code: 2, stderr: 'racedemo: big-preset.mjs: tutorial.workers 5000 is out of range 1..256\n' });
  });
});

describe('a scenario file of the wrong shape: one line, exit 2, not an unexpected error', () => {
  it.each([
    ['memory-not-function', { memory: '42' }, 'memory must be a function (got 42)'],
    ['expected-throws', { expected: "() => { throw new Error('no idea'); }" }, 'expected() threw: no idea'],
    ['judge-returns-nothing', { judge: '() => {}' }, 'judge() must return { final, lost } (got undefined)'],
    ['bigint-expected', { expected: '() => ({ counter: 2n })' }, 'expected() returned a bigint; it must return plain JSON values'],
    ['circular-expected', { expected: '() => { const value = {}; value.self = value; return value; }' }, 'expected() returned a circular value; it must return plain JSON values'],
    ['bytes-nan', { memory: "() => ({ text: { kind: 'bytes', size: NaN } })" }, 'memory().text: bytes(NaN) must be a whole number of bytes from 0 to 1048576'],
  ])('%s', async (name, parts, message) => {
    const path = scenarioFile(name, parts);
    expect(await runFile(path)).toEqual({ code: 2, stderr: `racedemo: scenario file ${path}: ${message}\n` });
  });
});
