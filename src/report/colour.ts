// The one place that decides whether output is coloured, and the palette
// passed down to every renderer. chalk's own detection is bypassed on purpose:
// it does not read NO_COLOR, and the decision must be made once.
import { Chalk, type ChalkInstance } from 'chalk';

export interface ColourInputs {
  /** --color (true) or --no-color (false); undefined when neither was given. */
  flag: boolean | undefined;
  env: NodeJS.ProcessEnv;
  stdoutIsTerminal: boolean;
}

export function colourEnabled({ flag, env, stdoutIsTerminal }: ColourInputs): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  return stdoutIsTerminal;
}

export interface Palette {
  enabled: boolean;
  expected: (text: string) => string;
  race: (text: string) => string;
  dim: (text: string) => string;
  bold: (text: string) => string;
}

export function palette(enabled: boolean): Palette {
  const chalk: ChalkInstance = new Chalk({ level: enabled ? 1 : 0 });
  return { enabled, expected: chalk.green, race: chalk.red, dim: chalk.dim, bold: chalk.bold };
}
