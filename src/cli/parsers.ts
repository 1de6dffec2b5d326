// The parsers of option values: each checks a value once, as commander hands
// it over, and refuses it in one line that names the option and the value.
import { UsageError } from '../errors.js';
import { limits } from '../limits.js';
import { thousands } from '../report/values.js';

export const whole = (option: string, min: number, max: number) => (text: string): number => {
  const value = Number(text.replaceAll('_', ''));
  if (!/^\s*[+]?[\d_]+\s*$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${option} must be a whole number from ${min} to ${thousands(max)} (got '${text}')`);
  }
  return value;
};

export const milliseconds = (option: string) => (text: string): number => {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > limits.milliseconds.max) {
    throw new UsageError(`${option} must be milliseconds from 0 to ${thousands(limits.milliseconds.max)}, fractions allowed (got '${text}')`);
  }
  return value;
};

export const oneOf = <T extends string>(option: string, choices: readonly T[]) => (text: string): T => {
  if (!(choices as readonly string[]).includes(text)) {
    throw new UsageError(`${option} must be one of ${choices.join(', ')} (got '${text}')`);
  }
  return text as T;
};

/** `30s`, `2min`, `1.5h`, `500ms`: a duration, in milliseconds. */
export const duration = (option: string) => (text: string): number => {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h)\s*$/.exec(text);
  const unit = { ms: 1, s: 1000, min: 60_000, h: 3_600_000 }[match?.[2] ?? ''] ?? 0;
  const value = Number(match?.[1]) * unit;
  if (!match || !(value > 0) || value > limits.timeout.max) {
    throw new UsageError(`${option} must be a duration up to 24h, with its unit: 500ms, 30s, 5min, 1h (got '${text}')`);
  }
  return value;
};

/** A comma-separated list of milliseconds (sweep's --window and --pause). */
export const millisecondsList = (option: string) => (text: string): number[] => {
  const values = text.split(',').map((part) => milliseconds(option)(part.trim()));
  if (values.length > 50) throw new UsageError(`${option} takes at most 50 values (got ${values.length})`);
  return values;
};
