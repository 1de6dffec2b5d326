// Small helpers shared by the benchmark modules: statistics, rounding, the
// machine description that goes with every figure, and a plain-text table.
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Rounds to `digits` significant-looking decimals; keeps JSON short. */
export function fixed(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export interface Machine {
  cpu: string;
  cpus: number;
  availableParallelism: number;
  memoryGiB: number;
  os: string;
  node: string;
  date: string;
  /** 1, 5 and 15 minute load averages when the bench began. */
  loadAverage: number[];
  /** Share of CPU time other programs used in the quarter second before the bench began (0–1): it skews every figure. */
  busyBefore: number;
}

export async function machine(): Promise<Machine> {
  return {
    busyBefore: await busyShare(250),
    cpu: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    availableParallelism: availableParallelism(),
    memoryGiB: fixed(totalmem() / 2 ** 30, 1),
    os: `${platform()} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
    loadAverage: loadavg().map((load) => fixed(load, 2)),
  };
}

/** The share of all cores' time spent outside idle over the next `ms`. */
async function busyShare(ms: number): Promise<number> {
  const sample = (): { busy: number; total: number } => {
    let busy = 0;
    let total = 0;
    for (const { times } of cpus()) {
      const all = times.user + times.nice + times.sys + times.irq + times.idle;
      total += all;
      busy += all - times.idle;
    }
    return { busy, total };
  };
  const before = sample();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = sample();
  const total = after.total - before.total;
  return total > 0 ? fixed((after.busy - before.busy) / total, 2) : 0;
}

export type Cell = string | number;

/** A table with a header row, columns padded to their widest cell (numbers right-aligned). */
export function table(title: string, header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell)));
  const widths = header.map((name, column) => Math.max(name.length, ...text.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[], raw: readonly Cell[]): string =>
    '  ' +
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return typeof raw[column] === 'number' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const out = [title, line(header, header), '  ' + widths.map((width) => '-'.repeat(width)).join('  ')];
  text.forEach((cells, index) => out.push(line(cells, rows[index] ?? [])));
  return out.join('\n');
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const magnitude = Math.abs(value);
  const digits = magnitude >= 1000 ? 0 : magnitude >= 100 ? 1 : magnitude >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Rejects with `what` timed out unless `promise` settles within `ms`: a hung lock must not hang the bench. */
export function withLimit<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Logs progress to stderr, so stdout carries only the tables. */
export function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}
