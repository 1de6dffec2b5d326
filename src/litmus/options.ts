// The `litmus` command's flags, validated once with one-line errors naming the
// option. Kept apart from the command so registering it loads nothing heavy.
import { UsageError } from '../errors.js';
import { reportFormats, type OptionSpec, type ReportFormat } from '../cli/options.js';
import { oneOf, whole } from '../cli/parsers.js';

export interface LitmusFlags {
  access: 'plain' | 'atomics' | 'both';
  samples?: number;
  time?: number;
  json?: boolean;
  format?: ReportFormat;
}

/** Without --samples, a run also stops after `timeMs`, so that `litmus all` ends within a minute on a loaded machine. */
export const litmusDefaults = { samples: 10_000_000, timeMs: 4000, access: 'both' } as const;
const maxTimeMs = 3_600_000;

/** A duration: 500ms, 10s, 2m, or a bare number of seconds. */
export const duration = (option: string) => (text: string): number => {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(text);
  const scale = { ms: 1, s: 1000, m: 60_000 }[match?.[2] ?? 's'] ?? 1000;
  const ms = match ? Number(match[1]) * scale : NaN;
  if (!Number.isFinite(ms) || ms <= 0 || ms > maxTimeMs) {
    throw new UsageError(`${option} must be a duration like 500ms, 10s or 2m, above 0 and at most 60m (got '${text}')`);
  }
  return ms;
};

export const litmusOptions: Record<keyof LitmusFlags, OptionSpec> = {
  access: {
    flags: '-a, --access <mode>',
    description: 'plain (typed-array reads and writes), atomics (Atomics.load/store) or both',
    parse: oneOf('--access', ['plain', 'atomics', 'both'] as const),
    defaultValue: litmusDefaults.access,
  },
  samples: {
    flags: '-n, --samples <n>',
    description: 'samples (test instances) to run for each test and access mode (default: 10,000,000, or 4 s if that comes first)',
    parse: whole('--samples', 1, 10_000_000_000),
  },
  time: { flags: '--time <duration>', description: 'stop each test and access mode after this long (500ms, 10s, 2m), even short of --samples', parse: duration('--time') },
  json: { flags: '--json', description: 'print a JSON document per test and access mode (an array for several)' },
  format: {
    flags: '--format <format>',
    description: 'table, json, html (one page) or junit (a suite per test and mode, failing on a forbidden outcome) (default: table)',
    parse: oneOf('--format', reportFormats),
  },
};
