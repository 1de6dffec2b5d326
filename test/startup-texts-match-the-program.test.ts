// `racedemo --help`, `<command> --help`, `-V` and `list` are answered at
// start-up from texts generated at build time (src/cli/startup/), without
// loading commander or the scenarios: what they print must be what the
// program prints, at every terminal width, and they must stay that light.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../dist/src/cli/program.js';
import { startupTexts, startupTextsUrl } from '../dist/src/cli/startup/generate.js';
import { helpText } from '../dist/src/cli/startup/help.js';
import { bin, runCli } from './cli.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** What commander prints for `racedemo [name] --help` on a terminal `width` columns wide ('' is the program). */
function commanderHelp(name: string, width: number): string {
  const stdout = new Capture();
  const program = buildProgram({ stdout, stderr: new Capture(), env: {} });
  const command = name === '' ? program : (program.commands as Command[]).find((candidate) => candidate.name() === name);
  if (!command) throw new Error(`no command ${name}`);
  command.configureOutput({ getOutHelpWidth: () => width });
  command.outputHelp();
  return stdout.text;
}

const texts = await startupTexts();
const names = Object.keys(texts.help);

it('every command has start-up help, and the program lists every command', () => {
  const program = buildProgram({ stdout: new Capture(), stderr: new Capture(), env: {} });
  expect(names).toEqual(['', ...(program.commands as Command[]).map((command) => command.name())]);
});

describe.each(names)("racedemo %s --help: commander's text", (name) => {
  it.each([20, 39, 40, 41, 60, 79, 80, 100, 132, 200])('at %i columns', (width) => {
    expect(helpText(texts.help[name]!, width)).toBe(commanderHelp(name, width));
  });
});

it('the texts the build wrote are the ones the specs give now', () => {
  expect(JSON.parse(readFileSync(startupTextsUrl, 'utf8'))).toEqual(texts);
});

describe('the installed command prints what the program prints', () => {
  const installed = (args: string[]): { code: number | null; stdout: string; stderr: string } => {
    const { status, stdout, stderr } = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
    return { code: status, stdout, stderr };
  };

  it.each([[['--help']], [['-h']], [['help']], [['run', '--help']], [['sweep', '-h']], [['help', 'isolation']], [['--version']], [['-V']], [['list']], [['list', '--json']]])('racedemo %j', async (args) => {
    const program = await runCli(args);
    const help = args.includes('--help') || args.includes('-h') || args[0] === 'help';
    // Commander wraps help to the width of this process's stdout; the installed command's is a pipe: 80.
    const expected = help ? commanderHelp(args.find((arg) => !arg.startsWith('-') && arg !== 'help') ?? '', 80) : program.stdout;
    expect(installed(args)).toEqual({ code: program.code, stdout: expected, stderr: '' });
  });
});

describe('start-up loads neither commander nor a scenario', () => {
  /** The modules a command line loads, as Node's module debug log names them. */
  const loaded = (args: string[]): string[] => {
    const { stderr } = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NODE_DEBUG: 'module,esm' } });
    return [...stderr.matchAll(/(?:load "|Storing file:\/\/)([^" ]+)/g)].map((match) => match[1] ?? '');
  };

  it.each([[['--help']], [['run', '--help']], [['--version']], [['list']], [['list', '--json']]])('racedemo %j', (args) => {
    const modules = loaded(args);
    expect(modules.some((module) => module.endsWith('/startup/fast.js'))).toBe(true);
    expect(modules.filter((module) => /node_modules|\/scenarios\/|\/cli\/program\.js/.test(module))).toEqual([]);
  });

  it('while any other command line loads the program (so the log above does name what loads)', () => {
    const modules = loaded(['list', '--bogus']);
    expect(modules.some((module) => module.endsWith('/cli/program.js'))).toBe(true);
    expect(modules.some((module) => module.includes('/node_modules/commander/'))).toBe(true);
  });
});
