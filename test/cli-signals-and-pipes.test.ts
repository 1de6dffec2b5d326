// Ctrl-C, SIGTERM and a reader that goes away: quick, clean exits with the
// documented codes, no orphan process, no segment file.
import { describe, expect, it } from 'vitest';
import { childrenOf, lineOn, segmentsOf, start } from './cli.js';

describe.each([
  ['threads', 'SIGINT', 130],
  ['threads', 'SIGTERM', 143],
  ['processes', 'SIGINT', 130],
  ['processes', 'SIGTERM', 143],
] as const)('%s engine, %s mid-run', (engine, signal, expectedCode) => {
  it(`exits ${expectedCode}, cleaned up`, async () => {
    const { child, closed } = start(['run', 'process-array', '--engine', engine, '--trials', '1000000', '--format', 'ndjson']);
    // The first streamed trial: the engine has started and is running trials.
    await lineOn(child.stdout, /"type":"trial"/);
    const pid = child.pid ?? 0;
    child.kill(signal);
    const { code, stderr } = await closed;
    expect(code).toBe(expectedCode);
    expect(stderr).toBe(`racedemo: interrupted by ${signal}\n`);
    expect(childrenOf(pid)).toEqual([]);
    expect(segmentsOf(pid)).toEqual([]);
  });
});

it('a reader that takes 20 bytes of a --json run and goes away: exit 0, no stack trace', async () => {
  const { child, closed } = start(['run', 'thread-counter', '--json', '--trials', '200']);
  let taken = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    taken += chunk.length;
    if (taken >= 20) child.stdout.destroy();
  });
  const { code, stderr } = await closed;
  expect(code).toBe(0);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).toBe('');
});

describe('stdout closed before anything is written: exit 0, nothing on stderr', () => {
  it.each([
    [['run', 'thread-counter', '--json', '--trials', '50']],
    [['run', 'process-array', '--no-lock', '--trials', '20']],
    [['run', 'process-value', '--format', 'csv', '--trials', '20']],
    [['list', '--json']],
    [['show', 'process-array']],
    [['--help']],
    [['--version']],
  ])('racedemo %j', async (args) => {
    const { child, closed } = start(args);
    child.stdout.destroy();
    const { code, stderr } = await closed;
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

it('a closed stdout ends the run quietly with exit 0', async () => {
  const { child, closed } = start(['run', 'thread-counter', '--format', 'ndjson', '--window', '0', '--trials', '100000']);
  child.stdout.once('data', () => child.stdout.destroy());
  const { code, stderr } = await closed;
  expect(code).toBe(0);
  expect(stderr).toBe('');
});
