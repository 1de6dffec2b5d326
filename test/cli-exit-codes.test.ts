// Exit codes and the one-line error on stderr, never a stack trace.
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;

const oneLineError = (stderr: string): void => {
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/^racedemo: /);
  expect(stderr).not.toMatch(/\n\s+at /);
};

describe('bad input exits 2 with one line on stderr', () => {
  it.each([
    [['run', 'proces-array'], /did you mean process-array\?/],
    [['run', 'process-array', '--bogus'], /unknown option '--bogus'/],
    [['run', 'process-array', '--trials', '0'], /--trials must be a whole number from 1 to 1,000,000 \(got '0'\)/],
    [['run', 'process-array', '--trials', '-1'], /--trials/],
    [['run', 'process-array', '--trials', 'abc'], /--trials .*'abc'/],
    [['run', 'process-array', '--trials', '1.5'], /--trials .*'1.5'/],
    [['run', 'process-array', '--trials', '99999999999'], /--trials/],
    [['run', 'process-array', '--workers', '0'], /--workers must be a whole number from 1 to 256/],
    [['run', 'process-array', '--workers', '1000'], /--workers/],
    [['run', 'process-array', '--window', '-1'], /--window must be milliseconds/],
    [['run', 'process-array', '--engine', 'gpu'], /--engine must be one of threads, processes/],
    [['run', 'process-array', '--format', 'xml'], /--format must be one of table, json, ndjson, csv/],
    [['run', 'process-array', '--iterations', '0'], /--iterations must be a whole number/],
    [['run', 'process-array', '--pause', '-1'], /--pause must be milliseconds/],
    [['run', 'process-array', '--window', 'abc'], /--window .*'abc'/],
    [['run', 'process-array', '--timeout', '0'], /--timeout must be a whole number/],
    [['run', 'process-array', '--expect', 'maybe'], /--expect must be one of race, safe/],
    [['run', 'process-array', '--preset', 'fast'], /--preset must be one of tutorial/],
    [['run', 'process-array', '--json', '--format', 'csv'], /--json and --format csv/],
    [['run', 'process-array', '--trials'], /argument missing/],
    [['run'], /missing required argument 'scenario'/],
    [['runn', 'process-array'], /unknown command 'runn'.*run\?/],
    [['show', 'proces-array'], /did you mean process-array\?/],
    [['list', '--bogus'], /unknown option '--bogus'/],
    [['run', './no-such-scenario.js'], /scenario file \.\/no-such-scenario\.js does not exist/],
    [['run', './package.json.js'], /does not exist/],
    [['run', fixture('no-scenario.mjs')], /no-scenario\.mjs does not default-export a scenario/],
    [['run', fixture('broken.mjs')], /cannot load scenario .*broken\.mjs/],
    [['run', new URL('./fixtures/', import.meta.url).pathname], /cannot load scenario/],
    [['explore', 'thread-counter', '--workers', '9'], /--workers/],
    [['sweep', 'thread-counter', '--window', '0,x'], /--window/],
  ])('racedemo %j', async (args, message) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    oneLineError(stderr);
    expect(stderr).toMatch(message);
  });
});

describe('--expect', () => {
  it('race on a locked run: exit 1, one line', async () => {
    const { code, stdout, stderr } = await runCli(['run', 'thread-counter', '--trials', '5', '--expect', 'race', '-q']);
    expect(code).toBe(1);
    expect(stdout).toContain('races in 0/5 trials');
    oneLineError(stderr);
    expect(stderr).toMatch(/expected a race, but none of 5 trials raced/);
  });

  it('safe on a locked run: exit 0', async () => {
    const { code, stderr } = await runCli(['run', 'process-value', '--trials', '10', '--expect', 'safe', '-q']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('safe with --compare judges the locked run: exit 0', async () => {
    const { code, stderr } = await runCli(['run', 'thread-counter', '--compare', '--trials', '5', '--expect', 'safe', '-q']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('race with --compare judges the unlocked run: exit 0 when it races', async () => {
    const { code, stderr } = await runCli(['run', 'thread-counter', '--compare', '--window', '1', '--trials', '10', '--expect', 'race', '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('safe on an unlocked run that races: exit 1', async () => {
    const { code, stderr } = await runCli(['run', 'thread-counter', '--no-lock', '--window', '1', '--trials', '10', '--expect', 'safe', '-q']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/expected no race, but \d+ of 10 trials raced/);
  });
});

describe('help and version', () => {
  it('--help lists the commands with examples, exit 0', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['run', 'list', 'show', 'explore', 'sweep', 'init']) expect(stdout).toContain(command);
    expect(stdout).toContain('Examples:');
  });

  it.each(['run', 'list', 'show', 'explore', 'sweep', 'init'])('%s --help has examples', async (command) => {
    const { code, stdout } = await runCli([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Examples:');
  });

  it('--version prints the version', async () => {
    const { code, stdout } = await runCli(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('0.1.0');
  });
});
