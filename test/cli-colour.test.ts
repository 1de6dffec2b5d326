// Colour: only on a terminal unless forced; NO_COLOR and --no-color turn it off.
import { expect, it } from 'vitest';
import { racedemo } from './cli.js';

const args = ['run', 'thread-counter', '--no-lock', '--trials', '3'];
const ESC = '\x1b';

it('piped: no ANSI escape anywhere, the table included', async () => {
  const { stdout } = await racedemo(args);
  expect(stdout).toContain('races in');
  expect(stdout).not.toContain(ESC);
});

it('FORCE_COLOR=1 colours even when piped (the header is bold, verdicts green or red)', async () => {
  const { stdout } = await racedemo(args, { FORCE_COLOR: '1' });
  expect(stdout).toContain(`${ESC}[1m`);
  expect(stdout).toMatch(/\x1b\[3[12]m/);
});

it('--no-color wins over FORCE_COLOR', async () => {
  const { stdout } = await racedemo([...args, '--no-color'], { FORCE_COLOR: '1' });
  expect(stdout).not.toContain(ESC);
});

it('NO_COLOR turns it off', async () => {
  const { stdout } = await racedemo([...args, '--color'], { NO_COLOR: '1' });
  // --color is explicit and wins; without it NO_COLOR keeps output plain
  expect(stdout).toContain(ESC);
  const plain = await racedemo(args, { NO_COLOR: '1' });
  expect(plain.stdout).not.toContain(ESC);
});
