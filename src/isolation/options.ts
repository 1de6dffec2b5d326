// The `isolation` command's flags and their help, kept apart from the command
// so that registering it loads nothing heavy. --trials and --workers are
// checked by the command: only --fixes uses them, and only after --store.
import { oneOf } from '../cli/parsers.js';
import { reportFormats, type OptionSpec, type ReportFormat } from '../cli/options.js';

export interface IsolationFlags {
  store: string;
  test?: string;
  level?: string;
  fixes?: boolean;
  trials?: string;
  workers?: string;
  json?: boolean;
  format?: ReportFormat;
}

export const fixDefaults = { trials: 20, workers: 4, increments: 5 } as const;

export const isolationOptions: Record<keyof IsolationFlags, OptionSpec> = {
  store: {
    flags: '--store <url>',
    description: 'the postgres://… or redis://… server to test (a throwaway schema or key prefix, removed afterwards)',
    required: true,
  },
  test: { flags: '--test <anomaly>', description: 'trace one test as a timeline: G0, G1a, G1b, G1c, OTV, PMP, P4, G-single, G2-item or G2' },
  level: { flags: '--level <level>', description: "only this level: 'read committed', 'repeatable read' or 'serializable'" },
  fixes: { flags: '--fixes', description: 'race the lost-update counter for real, once per fix, and compare the fixes' },
  trials: { flags: '-t, --trials <n>', description: `trials per fix with --fixes (default ${fixDefaults.trials})` },
  workers: { flags: '-w, --workers <n>', description: `concurrent connections per trial with --fixes (default ${fixDefaults.workers})` },
  json: { flags: '--json', description: 'print one JSON document' },
  format: {
    flags: '--format <format>',
    description: 'table, json, html (one page) or junit (a test case per cell) (default: table)',
    parse: oneOf('--format', reportFormats),
  },
};
