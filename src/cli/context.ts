// What every command writes through, decided once per command line from the
// streams, the environment and --color / --quiet: stdout (ending quietly when
// its reader goes), stderr, the colour palette, whether progress is drawn and
// the width to fit. program.ts builds it when a command's action starts (it
// loads chalk, so only then) and hands it to the command.
import { colourEnabled, palette, type Palette } from '../report/colour.js';
import { outputWidth } from '../report/fit.js';
import { Output, type Io } from './output.js';

export interface Context extends Io {
  /** stdout, for results: a reader that goes away ends the command quietly. */
  out: Output;
  /** Coloured when --color, else FORCE_COLOR, else not NO_COLOR and stdout is a terminal. */
  palette: Palette;
  /** Whether progress is drawn on stderr: stderr is a terminal and no --quiet. */
  progress: boolean;
  /** The columns tables fit in: the terminal's, or 80. */
  width: number;
}

export function commandContext(io: Io, flags: { color?: boolean; quiet?: boolean }): Context {
  return {
    ...io,
    out: new Output(io.stdout),
    palette: palette(colourEnabled({ flag: flags.color, env: io.env, stdoutIsTerminal: io.stdout.isTTY === true })),
    progress: flags.quiet !== true && io.stderr.isTTY === true,
    width: outputWidth(io.stdout),
  };
}
