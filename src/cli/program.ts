// The command-line program: parse → validate → run → render. Commander's
// commands are built from the specs of commands.ts; every failure becomes one
// line on stderr and an exit code here, at the top, and nowhere else.
import { createRequire } from 'node:module';
import type { Command } from 'commander';
import { ExitCode, messageOf, RacedemoError } from '../errors.js';
import { shown } from '../trust/text.js';
import { racedemo } from './commands.js';
import type { OptionSpec } from './options.js';
import { tool } from '../tool.js';
import { commandContext, processIo, stdoutError, withPalette, type Io } from './output.js';
import type { AnyCommandSpec, ProgramSpec } from './spec.js';
// Commander through require(): its ESM wrapper cost more at start-up than commander itself.
const commander = createRequire(import.meta.url)('commander') as typeof import('commander');

/** The commander program of `spec` (every command by default), writing to `io`. */
export function buildProgram(io: Io, spec: ProgramSpec = racedemo): Command {
  const program = new commander.Command(spec.name)
    .description(spec.description)
    .version(tool.version, '-V, --version')
    .addHelpText('after', spec.examples)
    .exitOverride()
    .configureOutput({ writeOut: (text) => void io.stdout.write(text), writeErr: (text) => void io.stderr.write(text), outputError: () => {} });
  // program.command() (not addCommand): each command inherits the program's output and exitOverride.
  for (const command of spec.commands) addCommand(program.command(command.name), command, io);
  return program;
}

/** One command: its arguments and options, its examples, and an action that hands the command its context. */
function addCommand(command: Command, spec: AnyCommandSpec, io: Io): void {
  command.description(spec.description).addHelpText('after', spec.examples);
  for (const { name, description } of spec.arguments) command.argument(name, description);
  for (const option of Object.values<OptionSpec>(spec.options)) addOption(command, option);
  command.action(async (...values: unknown[]) => {
    const args = values.slice(0, spec.arguments.length);
    const flags = values[spec.arguments.length] as { color?: boolean; quiet?: boolean };
    const context = commandContext(io, flags);
    await spec.run(args, flags, 'color' in spec.options ? await withPalette(context, flags.color) : context);
  });
}

function addOption(command: Command, spec: OptionSpec): void {
  const option = new commander.Option(spec.flags, spec.description);
  if (spec.parse) option.argParser(spec.parse);
  if (spec.choices) option.choices(spec.choices);
  if (spec.defaultValue !== undefined) option.default(spec.defaultValue);
  if (spec.required) option.makeOptionMandatory();
  command.addOption(option);
  if (spec.negation) command.addOption(new commander.Option(spec.negation.flags, spec.negation.description));
}

/**
 * Runs the CLI with `io` (the process's own streams by default; tests pass
 * captures) and returns the exit code: bin/racedemo.js sets process.exitCode.
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  // Commander writes help and version straight to stdout: a reader that went away ends quietly,
  // and a stdout that fails (a full disk) is one line and exit 3, whatever the command.
  let failed: RacedemoError | undefined;
  const onError = (error: NodeJS.ErrnoException): void => void (failed ??= stdoutError(error));
  io.stdout.on('error', onError);
  let code: number;
  try {
    await buildProgram(io).parseAsync(argv);
    code = ExitCode.ok;
  } catch (error) {
    code = report(error, io);
  }
  // A failed write is reported on the next tick: let it arrive. (The listener stays: a late EPIPE must not crash.)
  await new Promise((resolve) => setImmediate(resolve));
  if (failed && (code === ExitCode.ok || code === ExitCode.expectationNotMet)) code = report(failed, io);
  return code;
}

/**
 * One line on stderr for the error; returns the exit code. Every line passes
 * through shown(): it may quote an argument, a file or a store's text, so no
 * control character and no password reaches the terminal.
 */
function report(error: unknown, io: Io): number {
  if (error instanceof commander.CommanderError) {
    // --help and --version end here too, with code 0 and their text already printed.
    if (error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok;
    if (error.code === 'commander.help') return ExitCode.usage;
    // Commander writes '(Did you mean …?)'; racedemo's own messages say '(did you mean …?)'.
    const text = error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').replace('(Did you mean', '(did you mean');
    io.stderr.write(`racedemo: ${shown(text)}\n`);
    return ExitCode.usage;
  }
  const debug = /(^|,)racedemo(,|$)/.test(io.env.DEBUG ?? '');
  if (error instanceof RacedemoError) {
    io.stderr.write(`racedemo: ${shown(error.message)}\n`);
    if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = messageOf(error);
  io.stderr.write(`racedemo: unexpected error: ${shown(message)} (DEBUG=racedemo shows the stack)\n`);
  if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return ExitCode.runFailed;
}
