// The bounds of the run flags (--trials, --workers, --iterations, a window in
// milliseconds, --timeout): shared by the option parsers, the workload checks
// of presets and scenario files, and the remote-worker protocol's guards.
export const limits = {
  trials: { min: 1, max: 1_000_000 },
  workers: { min: 1, max: 256 },
  iterations: { min: 1, max: 10_000_000 },
  milliseconds: { max: 3_600_000 },
  timeout: { min: 1, max: 86_400_000 },
} as const;
