// Keeping text within the terminal's width: long lines wrap at spaces, and a
// grid's widest columns narrow (their cells then wrap) until the rows fit.
import { stripVTControlCharacters } from 'node:util';

/** The width to fit: the terminal's columns, or 80 when stdout is not a terminal. */
export function outputWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return stream.isTTY && stream.columns ? stream.columns : 80;
}

/** Wraps a plain line at spaces to `width` columns; continuation lines start with `indent`. */
export function wrapText(text: string, width: number, indent = '    '): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (candidate.length > width && line.trim() !== '') {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = candidate;
    }
  }
  lines.push(line);
  return lines.join('\n');
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
