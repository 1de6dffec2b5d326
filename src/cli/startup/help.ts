// A command's help as data (what commander's Help computes from the specs:
// usage, description, the terms and descriptions of each section) and its
// layout at a width, as commander lays it out: so that `racedemo --help` can
// be printed without loading commander. generate.ts takes the data from
// commander at build time; a test checks the layout against commander's at
// many widths, and fails if commander ever lays help out differently.

export interface HelpModel {
  usage: string;
  description: string;
  /** Arguments:, Options:, Commands:, each with its [term, description] items. */
  sections: Array<{ heading: string; items: Array<[string, string]> }>;
  /** The width of the widest term, over every section. */
  termWidth: number;
  /** What commander writes after the help: the examples, and a line break. */
  after: string;
}

/** Commander's Help.minWidthToWrap: narrower than this, text is not wrapped. */
const MIN_WIDTH_TO_WRAP = 40;
const INDENT = '  ';
const SPACER = '  ';

/** The help as commander prints it, for a terminal `width` columns wide (commander's default is 80). */
export function helpText(help: HelpModel, width: number): string {
  const lines = [`Usage: ${help.usage}`, ''];
  if (help.description) lines.push(boxWrap(help.description, width), '');
  for (const { heading, items } of help.sections) {
    if (items.length > 0) lines.push(heading, ...items.map(([term, description]) => item(term, description, help.termWidth, width)), '');
  }
  return `${lines.join('\n')}${help.after}`;
}

/** A term padded to the column, its description wrapped beside it (Help.formatItem). */
function item(term: string, description: string, termWidth: number, width: number): string {
  if (!description) return `${INDENT}${term}`;
  const remaining = width - termWidth - SPACER.length - INDENT.length;
  const preformatted = /\n[^\S\r\n]/.test(description);
  const wrapped = remaining < MIN_WIDTH_TO_WRAP || preformatted ? description : boxWrap(description, remaining).replace(/\n/g, `\n${' '.repeat(termWidth + SPACER.length)}`);
  return `${INDENT}${term.padEnd(termWidth)}${SPACER}${wrapped.replace(/\n/g, `\n${INDENT}`)}`;
}

/** Text wrapped at spaces to `width`, its own line breaks kept (Help.boxWrap). */
function boxWrap(text: string, width: number): string {
  if (width < MIN_WIDTH_TO_WRAP) return text;
  const wrapped: string[] = [];
  for (const line of text.split(/\r\n|\n/)) {
    const chunks = line.match(/[\s]*[^\s]+/g);
    if (!chunks) {
      wrapped.push('');
      continue;
    }
    let current = chunks[0] ?? '';
    for (const chunk of chunks.slice(1)) {
      if (current.length + chunk.length <= width) {
        current += chunk;
      } else {
        wrapped.push(current);
        current = chunk.trimStart();
      }
    }
    wrapped.push(current);
  }
  return wrapped.join('\n');
}
