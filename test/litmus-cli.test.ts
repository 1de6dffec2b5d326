// `racedemo litmus` as a user meets it: list, the table, the JSON documents,
// one-line errors naming the option, and Ctrl-C.
import { expect, it } from 'vitest';
import { racedemo, start } from './cli.js';

it('list names the six tests', async () => {
  const { code, stdout } = await racedemo(['litmus', 'list']);
  expect(code).toBe(0);
  for (const name of ['SB', 'MP', 'LB', 'CoRR', 'IRIW', '2+2W']) expect(stdout).toMatch(new RegExp(`^${name.replace('+', '\\+')}\\s`, 'm'));
});

it('prints the machine header and a graded table for each access mode', async () => {
  const { code, stdout } = await racedemo(['litmus', 'sb', '--samples', '200000']);
  expect(code).toBe(0);
  expect(stdout).toMatch(/^CPU: .+ \(\w+, \d+ cores\) · V8 [\d.]+/m);
  expect(stdout).toContain('plain accesses (typed-array reads and writes)');
  expect(stdout).toContain('Atomics.load / Atomics.store');
  expect(stdout).toMatch(/outcome\s+samples\s+frequency\s+grade\s+description/);
  expect(stdout).toMatch(/r0=0 r1=0 +[\d,]+ +[\d.e%-]+ +interesting +both threads read/);
  expect(stdout).toMatch(/r0=0 r1=0 +[\d,]+ +[\d.e%-]+ +forbidden /);
  expect(stdout).toMatch(/interesting r0=0 r1=0: .+ \(95% interval .+ to .+\)/);
  expect(stdout).toMatch(/samples\/s/);
});

it('--json: one document for one test and mode, with every outcome graded', async () => {
  const { code, stdout } = await racedemo(['litmus', 'CoRR', '--access', 'plain', '--samples', '100000', '--json']);
  expect(code).toBe(0);
  const document = JSON.parse(stdout);
  expect(document).toMatchObject({ schemaVersion: 1, kind: 'litmus', test: 'CoRR', access: 'plain', v8: process.versions.v8 });
  expect(document.samples).toBeGreaterThanOrEqual(100_000);
  expect(document.samplesPerSecond).toBeGreaterThan(0);
  expect(document.cpu).toEqual({ model: expect.any(String), arch: process.arch, cores: expect.any(Number) });
  expect(document.outcomes).toHaveLength(4);
  expect(document.outcomes.reduce((sum: number, o: { samples: number }) => sum + o.samples, 0)).toBe(document.samples);
  expect(document.outcomes).toContainEqual(expect.objectContaining({ outcome: { r0: 1, r1: 0 }, grade: 'interesting', description: expect.any(String) }));
});

it('--json for all: an array of twelve documents, each test in both modes', async () => {
  const { code, stdout } = await racedemo(['litmus', 'all', '--samples', '20000', '--json']);
  expect(code).toBe(0);
  const documents = JSON.parse(stdout) as Array<{ test: string; access: string }>;
  expect(documents.map((d) => `${d.test}/${d.access}`)).toEqual(
    ['SB', 'MP', 'LB', 'CoRR', 'IRIW', '2+2W'].flatMap((test) => [`${test}/plain`, `${test}/atomics`]),
  );
});

it.each([
  [['litmus', 'XYZ'], /^racedemo: unknown litmus test 'XYZ': one of SB, MP, LB, CoRR, IRIW, 2\+2W, all or list\n$/],
  [['litmus', 'SB', '--access', 'relaxed'], /^racedemo: --access must be one of plain, atomics, both \(got 'relaxed'\)\n$/],
  [['litmus', 'SB', '--samples', '0'], /^racedemo: --samples must be a whole number from 1 to/],
  [['litmus', 'SB', '--time', 'soon'], /^racedemo: --time must be a duration like 500ms, 10s or 2m/],
])('%j is refused in one line, exit 2', async (args, message) => {
  const { code, stderr, stdout } = await racedemo(args);
  expect(code).toBe(2);
  expect(stderr).toMatch(message);
  expect(stdout).toBe('');
});

it('--time stops each run early', async () => {
  const { code, stdout } = await racedemo(['litmus', 'MP', '--access', 'plain', '--samples', '10000000000', '--time', '300ms', '--json']);
  expect(code).toBe(0);
  expect(JSON.parse(stdout).samples).toBeLessThan(1e10);
});

it('Ctrl-C stops a long run promptly with exit 130', async () => {
  const { child, closed } = start(['litmus', 'all', '--samples', '10000000000']);
  // The header: the run has begun (or the process ended early, which the exit code then shows).
  await new Promise<void>((resolve) => {
    child.stdout?.once('data', () => resolve());
    child.once('close', () => resolve());
  });
  const sent = performance.now();
  child.kill('SIGINT');
  const { code, stderr } = await closed;
  expect(code).toBe(130);
  expect(stderr).toBe('racedemo: interrupted by SIGINT\n');
  expect(performance.now() - sent, 'generous upper bound').toBeLessThan(10_000);
});
