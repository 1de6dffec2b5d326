// The command lines a reader types first, answered without loading the
// program (commander, the options, the scenarios): `racedemo --help`, `-h`,
// `help`, `<command> --help`, `help <command>`, `-V`, `--version`, `list` and
// `list --json`. The texts come from texts.json, which `npm run build`
// generates from the command specs (generate.ts). Anything else, a missing
// or outdated texts.json, or a stdout that cannot be written, is left to the
// program (undefined), which prints the same text, or the same error.
import { readFileSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { tool } from '../../tool.js';
import { helpText } from './help.js';
import type { StartupTexts } from './generate.js';

/** Answers `argv` and returns the exit code, or undefined to run the program. */
export function answerAtStartup(argv: readonly string[]): number | undefined {
  const asked = askedFor(argv.slice(2));
  const text = asked && textOf(asked);
  if (text === undefined) return undefined;
  try {
    writeAll(text);
  } catch {
    return undefined;
  }
  return 0;
}

/** What a command line asks for, if it is one of those answered here: the help of a command ('' for the program's), the version, or the list. */
type Asked = { help: string } | 'version' | 'list' | 'list --json';

const helpFlags = ['-h', '--help'];

function askedFor(args: readonly string[]): Asked | undefined {
  const [first, second, ...rest] = args;
  if (rest.length > 0 || first === undefined) return undefined;
  if (second === undefined) {
    if (helpFlags.includes(first) || first === 'help') return { help: '' };
    if (first === '-V' || first === '--version') return 'version';
    return first === 'list' ? 'list' : undefined;
  }
  if (first === 'list' && second === '--json') return 'list --json';
  if (first === 'help') return { help: second };
  return helpFlags.includes(second) && !first.startsWith('-') ? { help: first } : undefined;
}

/** The text to print; undefined for a command with no help here, or without texts for this version. */
function textOf(asked: Asked): string | undefined {
  if (asked === 'version') return `${tool.version}\n`;
  const texts = startupTexts();
  if (!texts) return undefined;
  if (asked === 'list') return texts.list.table;
  if (asked === 'list --json') return texts.list.json;
  const model = Object.hasOwn(texts.help, asked.help) ? texts.help[asked.help] : undefined;
  // Commander wraps to the terminal's columns, and to 80 when stdout is not a terminal.
  return model && helpText(model, (isatty(1) ? process.stdout.columns : undefined) ?? 80);
}

function startupTexts(): StartupTexts | undefined {
  try {
    const texts = JSON.parse(readFileSync(new URL('./texts.json', import.meta.url), 'utf8')) as StartupTexts;
    return texts.version === tool.version ? texts : undefined;
  } catch {
    return undefined;
  }
}

/** The whole text to stdout, waiting as a blocking write would when a non-blocking pipe is full. */
function writeAll(text: string): void {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; ) {
    try {
      at += writeSync(1, bytes, at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}
