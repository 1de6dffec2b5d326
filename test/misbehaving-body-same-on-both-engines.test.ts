// A body that breaks the rules gets the same treatment on both engines: what
// it writes to process.stdout or to descriptor 1 goes to stderr (stdout stays racedemo's JSON),
// and an error thrown outside any await (a timer's callback, an unhandled
// rejection) fails the trial with one line, as a throw in the body does.
import { describe, expect, it } from 'vitest';
import { racedemo } from './cli.js';

const fixture = new URL('./fixtures/misbehaves.mjs', import.meta.url).pathname;
const run = (engine: string, misbehaviour: string, extra: string[] = []): ReturnType<typeof racedemo> =>
  racedemo(['run', fixture, '--engine', engine, '--trials', '2', ...extra], { RACEDEMO_FIXTURE_MISBEHAVIOUR: misbehaviour });

describe.each(['threads', 'processes'])('on %s', (engine) => {
  it('process.stdout.write from a body goes to stderr: the --json document stays clean', async () => {
    const { code, stdout, stderr } = await run(engine, 'stdout', ['--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).scenario).toBe('misbehaves');
    expect(stderr).toContain('misbehaves: written to stdout by worker 2');
  });

  it('fs.writeSync(1, …) from a body goes to stderr too', async () => {
    const { code, stdout, stderr } = await run(engine, 'fd1', ['--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).scenario).toBe('misbehaves');
    expect(stderr).toContain('misbehaves: written to descriptor 1 by worker 2');
  });

  it.each([
    ['timer', 'thrown from a timer'],
    ['rejection', 'a rejection nobody handled'],
  ])('an asynchronous throw (%s) fails the trial: one line, exit 3', async (misbehaviour, message) => {
    const { code, stdout, stderr } = await run(engine, misbehaviour);
    expect(stdout).toBe('');
    expect(stderr).toBe(`racedemo: trial 1: worker 2 threw: ${message}\n`);
    expect(code).toBe(3);
  });
});

describe('explore and --replay, which run the bodies in racedemo itself', () => {
  const explore = (misbehaviour: string, extra: string[]): ReturnType<typeof racedemo> =>
    racedemo(['explore', fixture, '--json', ...extra], { RACEDEMO_FIXTURE_MISBEHAVIOUR: misbehaviour });

  it.each(['stdout', 'fd1'])('what a body writes (%s) goes to stderr: the --json documents stay clean', async (misbehaviour) => {
    const explored = await explore(misbehaviour, []);
    expect(explored.code).toBe(0);
    const document = JSON.parse(explored.stdout) as { kind: string; outcomes: Array<{ token: string }> };
    expect(document.kind).toBe('explore');
    expect(explored.stderr).toContain('misbehaves: written to');
    const replayed = await explore(misbehaviour, ['--replay', document.outcomes[0]?.token ?? '']);
    expect(replayed.code).toBe(0);
    expect((JSON.parse(replayed.stdout) as { kind: string }).kind).toBe('replay');
    expect(replayed.stderr).toContain('misbehaves: written to');
  });
});
