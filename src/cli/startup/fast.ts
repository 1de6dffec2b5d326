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
  const texts = startupTexts();
  const text = texts && textFor(argv.slice(2), texts);
  if (text === undefined) return undefined;
  try {
    writeAll(text);
  } catch {
    return undefined;
  }
  return 0;
}

function startupTexts(): StartupTexts | undefined {
  try {
    const texts = JSON.parse(readFileSync(new URL('./texts.json', import.meta.url), 'utf8')) as StartupTexts;
    return texts.version === tool.version ? texts : undefined;
  } catch {
    return undefined;
  }
}

const helpFlags = ['-h', '--help'];

function textFor(args: readonly string[], texts: StartupTexts): string | undefined {
  const [first, second, ...rest] = args;
  if (rest.length > 0 || first === undefined) return undefined;
  if (second === undefined) {
    if (helpFlags.includes(first) || first === 'help') return help(texts, '');
    if (first === '-V' || first === '--version') return `${tool.version}\n`;
    if (first === 'list') return texts.list.table;
    return undefined;
  }
  if (first === 'list' && second === '--json') return texts.list.json;
  if (first === 'help') return help(texts, second);
  return helpFlags.includes(second) ? help(texts, first) : undefined;
}

/** A command's help (the program's for ''), at the width commander would use; undefined for no such command. */
function help(texts: StartupTexts, name: string): string | undefined {
  const model = Object.hasOwn(texts.help, name) ? texts.help[name] : undefined;
  // Commander wraps to the terminal's columns, and to 80 when stdout is not a terminal.
  return model && helpText(model, (isatty(1) ? process.stdout.columns : undefined) ?? 80);
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
