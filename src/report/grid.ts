// The borderless, aligned text grid every terminal table is drawn with
// (run, comparison, sweep, explore, timeline, isolation): one place that knows cli-table3.
import Table from 'cli-table3';
import { fitColumns } from './fit.js';

/** A borderless, aligned grid. cli-table3 colours borders and headings by default: both are turned off. Given a width, wide cells wrap to fit it. */
export function grid(head: string[], align: Array<'left' | 'right'>, rows: string[][], width?: number): string {
  const colWidths = width === undefined ? undefined : fitColumns(head, rows, width);
  const table = new Table({
    head,
    colAligns: align,
    ...(colWidths ? { colWidths, wordWrap: true } : {}),
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '',
      'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '',
    },
    style: { head: [], border: [], 'padding-left': 2, 'padding-right': 1 },
  });
  table.push(...rows);
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}
