// Build step (`npm run build`, after tsc): the texts that `racedemo --help`,
// `racedemo <command> --help` and `racedemo list` print, generated from the
// command specs through commander itself and written next to fast.js, which
// answers those command lines without loading the program. A test checks
// that the file matches what the program prints.
import { writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { tool } from '../../tool.js';
import { racedemo } from '../commands.js';
import { buildProgram, main } from '../program.js';
import type { Io } from '../output.js';
import type { HelpModel } from './help.js';

export interface StartupTexts {
  /** The racedemo these texts are for: fast.js ignores them for another version. */
  version: string;
  /** The program's help under '', each command's under its name. */
  help: Record<string, HelpModel>;
  /** What `racedemo list` and `racedemo list --json` print. */
  list: { table: string; json: string };
}

export const startupTextsUrl = new URL('./texts.json', import.meta.url);

/** Help, as commander's Help computes it for `command` (the layout is helpText's), and the spec's examples after it. */
export function helpModel(command: Command, examples: string): HelpModel {
  const helper = command.createHelp();
  const item = (term: string, description: string): [string, string] => [term, description];
  const options = helper.groupItems([...command.options], helper.visibleOptions(command), (option) => option.helpGroupHeading ?? 'Options:');
  const commands = helper.groupItems(command.commands as Command[], helper.visibleCommands(command), (sub) => sub.helpGroup() || 'Commands:');
  return {
    usage: helper.commandUsage(command),
    description: helper.commandDescription(command),
    sections: [
      { heading: 'Arguments:', items: helper.visibleArguments(command).map((argument) => item(helper.argumentTerm(argument), helper.argumentDescription(argument))) },
      ...[...options].map(([heading, group]) => ({ heading, items: group.map((option) => item(helper.optionTerm(option), helper.optionDescription(option))) })),
      ...[...commands].map(([heading, group]) => ({ heading, items: group.map((sub) => item(helper.subcommandTerm(sub), helper.subcommandDescription(sub))) })),
    ],
    termWidth: helper.padWidth(command, helper),
    // As addHelpText writes it.
    after: `${examples}\n`,
  };
}

/** A stream that keeps what is written to it. */
class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function printed(args: string[]): Promise<string> {
  const stdout = new Capture();
  const io: Io = { stdout, stderr: new Capture(), env: {} };
  const code = await main(['node', 'racedemo', ...args], io);
  if (code !== 0) throw new Error(`racedemo ${args.join(' ')} exited with ${code}`);
  return stdout.text;
}

export async function startupTexts(): Promise<StartupTexts> {
  const program = buildProgram({ stdout: new Capture(), stderr: new Capture(), env: {} });
  const help: Record<string, HelpModel> = { '': helpModel(program, racedemo.examples) };
  for (const spec of racedemo.commands) {
    const command = (program.commands as Command[]).find((candidate) => candidate.name() === spec.name);
    if (command) help[spec.name] = helpModel(command, spec.examples);
  }
  return { version: tool.version, help, list: { table: await printed(['list']), json: await printed(['list', '--json']) } };
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  writeFileSync(startupTextsUrl, `${JSON.stringify(await startupTexts())}\n`);
}
