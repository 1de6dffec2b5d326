// A command as data: its name, arguments, typed option table, description,
// examples and a lazy run. program.ts builds commander's commands from these
// specs, and the start-up help (startup/) is generated from the same specs.
// Types only: nothing here is loaded at run time.
import type { ColourContext, Context } from './output.js';
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
  run(args: Args, flags: Flags, context: ContextOf<Flags>): Promise<void>;
}

/** A command with a --color option gets a palette in its context; the others colour nothing. */
export type ContextOf<Flags> = 'color' extends keyof Flags ? ColourContext : Context;

/** Any command, as the program holds them: each spec's own types are checked where it is written. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommandSpec = Omit<CommandSpec<any[], any>, 'run'> & { run(args: unknown[], flags: any, context: Context): Promise<void> };

/** The program itself: `racedemo --help` and the commands in the order it lists them. */
export interface ProgramSpec {
  name: string;
  description: string;
  examples: string;
  commands: readonly AnyCommandSpec[];
}
