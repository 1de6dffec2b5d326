// Keeping text within the terminal's width: long lines wrap at spaces, and a
// grid's widest columns narrow (their cells then wrap) until the rows fit.
import { stripVTControlCharacters } from 'node:util';

/** The width to fit: the terminal's columns, or 80 when stdout is not a terminal. */
export function outputWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return stream.isTTY && stream.columns ? stream.columns : 80;
}

/**
 * Wraps a plain line to `width` columns between the pieces `separator` joins
 * (words by default; ' · ' keeps a header's parts whole); continuation lines
 * start with `indent`, and a broken line keeps the separator's mark at its end.
 */
export function wrapText(text: string, width: number, indent = '    ', separator = ' '): string {
  const lines: string[] = [];
  const lead = /^ */.exec(text)?.[0] ?? '';
  let line = lead;
  for (const piece of text.slice(lead.length).split(separator)) {
    const candidate = line.trim() === '' ? `${line}${piece}` : `${line}${separator}${piece}`;
    if (candidate.length > width && line.trim() !== '') {
      lines.push(`${line}${separator}`.trimEnd());
      line = `${indent}${piece}`;
    } else {
      line = candidate;
    }
  }
  lines.push(line);
  // A piece wider than the line on its own still wraps, at spaces.
  return lines.map((piece) => (piece.length > width && separator !== ' ' ? wrapText(piece, width, indent) : piece)).join('\n');
}

/** Lines of at most `width` characters, broken between words. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return line ? [...lines, line] : lines;
}

/** Each column's width with `padding` (cli-table3's colWidths), narrowed so the row fits `width`; undefined when it fits as is. */
export function fitColumns(head: string[], rows: string[][], width: number, padding = 3, narrowest = 12): number[] | undefined {
  const visible = (text: string): number => Math.max(...stripVTControlCharacters(text).split('\n').map((line) => line.length));
  const widths = head.map((title, column) => Math.max(visible(title), ...rows.map((row) => visible(row[column] ?? ''))) + padding);
  const total = (): number => widths.reduce((sum, columnWidth) => sum + columnWidth, 0);
  if (total() <= width) return undefined;
  while (total() > width) {
    const widest = widths.indexOf(Math.max(...widths));
    if ((widths[widest] ?? 0) <= narrowest + padding) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
  }
  return widths;
}
