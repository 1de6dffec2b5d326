// A command as data: its name, arguments, typed option table, description,
// examples and a lazy run. program.ts builds commander's commands from these
// specs, and the start-up help (startup/) is generated from the same specs.
import type { Context } from './context.js';
import type { OptionSpec } from './options.js';

/** An argument as commander spells it ('<scenario>', '[test]', '<files...>') and its help line. */
export interface ArgumentSpec {
  name: string;
  description: string;
}

export interface CommandSpec<Args extends unknown[], Flags> {
  name: string;
  description: string;
  arguments: { [K in keyof Args]: ArgumentSpec };
  /** Every flag of `Flags`, in help order: the compiler keeps the table complete. */
  options: Record<keyof Flags, OptionSpec>;
  /** The help's text after the options. */
  examples: string;
  /** Imports the command's module (only now, so that --help loads none) and runs it. */
  run(args: Args, flags: Flags, context: Context): Promise<void>;
}

/** Any command, as the program holds them: each spec's own types are checked where it is written. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommandSpec = CommandSpec<any[], any>;

/** The program itself: `racedemo --help` and the commands in the order it lists them. */
export interface ProgramSpec {
  name: string;
  description: string;
  examples: string;
  commands: readonly AnyCommandSpec[];
}

export function command<Args extends unknown[], Flags>(spec: CommandSpec<Args, Flags>): CommandSpec<Args, Flags> {
  return spec;
}

/** An Examples section whose descriptions line up; a command too long for the column puts its description below it. */
export function exampleLines(examples: ReadonlyArray<readonly [string, string]>, column = 52): string {
  const width = Math.min(column, Math.max(...examples.map(([line]) => line.length)));
  const lines = examples.map(([line, description]) => {
    if (!description) return `  ${line}`;
    return line.length <= width ? `  ${line.padEnd(width)}  ${description}` : `  ${line}\n  ${''.padEnd(width)}  ${description}`;
  });
  return `\nExamples:\n${lines.join('\n')}`;
}

/** An Examples section of plain command lines, after an optional paragraph. */
export function examples(lines: readonly string[], before = ''): string {
  return `\n${before ? `${before}\n\n` : ''}Examples:\n${lines.map((line) => `  ${line}`).join('\n')}`;
}
