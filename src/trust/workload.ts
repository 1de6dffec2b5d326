// One validation for every source of a workload: command-line flags (their
// parsers use the same limits), --preset, a scenario file's `defaults` and
// `tutorial`, and a remote worker's assignment. Each bad value gets one line
// naming where it came from: `my-lesson.mjs: defaults.workers 100000 is out
// of range 1..256`.
import { UsageError } from '../errors.js';
import { limits } from '../limits.js';
import type { Workload } from '../scenario/api.js';

const keys: ReadonlyArray<keyof Workload> = ['workers', 'iterations', 'window', 'pause'];

/** The flags' own limits for a workload key (see limits.ts). */
function rangeOf(key: string): { min: number; max: number; whole: boolean } | undefined {
  if (key === 'workers' || key === 'iterations') return { ...limits[key], whole: true };
  if (key === 'window' || key === 'pause') return { min: 0, max: limits.milliseconds.max, whole: false };
  return undefined;
}

/** A number in `min..max` (whole if asked), or a UsageError: `<source>: <name> <value> is …`. */
export function checkNumber(value: unknown, range: { min: number; max: number; whole?: boolean }, source: string, name: string): number {
  const problem =
    typeof value !== 'number'
      ? `is not a number`
      : !Number.isFinite(value) || value < range.min || value > range.max
        ? `is out of range ${range.min}..${range.max}`
        : range.whole && !Number.isInteger(value)
          ? 'is not a whole number'
          : undefined;
  if (problem) throw new UsageError(`${source}: ${name} ${describe(value)} ${problem}`);
  return value as number;
}

/** A complete workload, every knob in range. */
export function checkWorkload(value: unknown, source: string, prefix: string): Workload {
  const partial = checkPartialWorkload(value, source, prefix);
  for (const key of keys) {
    if (partial[key] === undefined) throw new UsageError(`${source}: ${prefix}.${key} is missing`);
  }
  return partial as Workload;
}

/** Some knobs of a workload (--preset, a scenario's `tutorial`): those given must be in range, no others allowed. */
export function checkPartialWorkload(value: unknown, source: string, prefix: string): Partial<Workload> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${source}: ${prefix} must be an object like { workers: 2, iterations: 50, window: 0, pause: 0 }`);
  const result: Partial<Workload> = {};
  for (const [key, knob] of Object.entries(value)) {
    const range = rangeOf(key);
    if (!range) throw new UsageError(`${source}: ${prefix}.${sanitizeKey(key)} is not a workload setting (use ${keys.join(', ')})`);
    if (knob !== undefined) result[key as keyof Workload] = checkNumber(knob, range, source, `${prefix}.${key}`);
  }
  return result;
}

function sanitizeKey(key: string): string {
  return key.replace(/[^\w$-]/g, '?').slice(0, 40);
}

/** A value as a message shows it: short, one line, never throwing (BigInt, symbols). */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/[^\x20-\x7e]/g, '?').slice(0, 40)}'`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  return typeof value === 'function' ? 'a function' : `a ${typeof value}`;
}
