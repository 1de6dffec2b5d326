// Colour (docs/commands.md): --color / --no-color first; then FORCE_COLOR
// (non-zero: on, even when piped); then NO_COLOR (non-empty: off); then
// colour only when stdout is a terminal. Here stdout is always a pipe.
import { expect, it } from 'vitest';
import { runCli } from './cli.js';

const args = ['run', 'thread-counter', '--no-lock', '--trials', '3'];
const ESC = '\x1b';

it('piped: no ANSI escape anywhere, the table included', async () => {
  const { code, stdout } = await runCli(args);
  expect(code).toBe(0);
  expect(stdout).toContain('races in');
  expect(stdout).not.toContain(ESC);
});

it('FORCE_COLOR=1 colours even when piped (the header is bold, verdicts green or red)', async () => {
  const { stdout } = await runCli(args, { env: { FORCE_COLOR: '1' } });
  expect(stdout).toContain(`${ESC}[1m`);
  expect(stdout).toMatch(/\x1b\[3[12]m/);
});

it('FORCE_COLOR=0 does not force colour', async () => {
  const { stdout } = await runCli(args, { env: { FORCE_COLOR: '0' } });
  expect(stdout).toContain('races in');
  expect(stdout).not.toContain(ESC);
});

it('FORCE_COLOR wins over NO_COLOR', async () => {
  const { stdout } = await runCli(args, { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
  expect(stdout).toContain(ESC);
});

it('--no-color wins over FORCE_COLOR', async () => {
  const { stdout } = await runCli([...args, '--no-color'], { env: { FORCE_COLOR: '1' } });
  expect(stdout).toContain('races in');
  expect(stdout).not.toContain(ESC);
});

it('--color forces colour on a pipe', async () => {
  const { stdout } = await runCli([...args, '--color']);
  expect(stdout).toContain(ESC);
});

it('NO_COLOR turns it off; an explicit --color still wins', async () => {
  const plain = await runCli(args, { env: { NO_COLOR: '1' } });
  expect(plain.stdout).toContain('races in');
  expect(plain.stdout).not.toContain(ESC);
  const { stdout } = await runCli([...args, '--color'], { env: { NO_COLOR: '1' } });
  expect(stdout).toContain(ESC);
});

it('the expected value is green, a race red', async () => {
  const locked = await runCli(['run', 'thread-counter', '--trials', '2', '--color']);
  expect(locked.stdout).toContain(`${ESC}[32mexpected`);
  const raced = await runCli(['run', 'thread-counter', '--no-lock', '--window', '1', '--trials', '5', '--color']);
  expect(raced.stdout).toMatch(/\x1b\[31mrace/);
});

it('machine-readable output never has colour, even when forced', async () => {
  for (const format of ['json', 'ndjson', 'csv']) {
    const { stdout } = await runCli([...args, '--format', format, '--color'], { env: { FORCE_COLOR: '1' } });
    expect(stdout.length).toBeGreaterThan(0);
    expect(stdout).not.toContain(ESC);
  }
});
