// `racedemo show litmus <test>`: the program in columns, what each model and
// each CPU family allows, and the lesson.
import { expect, it } from 'vitest';
import { racedemo } from './cli.js';

it('show litmus SB: two columns of code, the models, x86 and ARM, the lesson', async () => {
  const { code, stdout } = await racedemo(['show', 'litmus', 'SB']);
  expect(code).toBe(0);
  expect(stdout).toMatch(/^ {2}thread 0 +thread 1$/m);
  expect(stdout).toMatch(/^ {2}x\[i\] = 1 +y\[i\] = 1$/m);
  expect(stdout).toMatch(/^ {2}r0 = y\[i\] +r1 = x\[i\]$/m);
  expect(stdout).toMatch(/^ {2}Atomics\.store\(x, i, 1\) +Atomics\.store\(y, i, 1\)$/m);
  expect(stdout).toContain('JavaScript, Atomics (SeqCst): the same, and nothing else: r0=0 r1=0 is forbidden.');
  expect(stdout).toMatch(/x86 \(TSO\): allows it/);
  expect(stdout).toMatch(/ARMv8: allows it/);
  expect(stdout).toContain('use Atomics');
  expect(Math.max(...stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(100);
});

it('show litmus MP: x86 forbids what plain JavaScript allows', async () => {
  const { stdout } = await racedemo(['show', 'litmus', 'mp']);
  expect(stdout).toContain('also r0=1 r1=0');
  expect(stdout).toMatch(/x86 \(TSO\): forbids it/);
});

it('show litmus XYZ and a second argument to a scenario are refused, exit 2', async () => {
  const unknown = await racedemo(['show', 'litmus', 'XYZ']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/^racedemo: unknown litmus test 'XYZ'/);
  const extra = await racedemo(['show', 'thread-counter', 'SB']);
  expect(extra.code).toBe(2);
  expect(extra.stderr).toBe("racedemo: show takes one scenario (got a second argument 'SB')\n");
});

it('show litmus SB --json: the test as data', async () => {
  const { stdout } = await racedemo(['show', 'litmus', 'SB', '--json']);
  const document = JSON.parse(stdout);
  expect(document.name).toBe('SB');
  expect(document.actors).toHaveLength(2);
  expect(document.hardware.x86).toMatch(/allows/);
});
