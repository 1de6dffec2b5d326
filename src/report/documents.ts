// The JSON documents of --json (docs/output.md): one run, or a comparison of two.
import type { RunResult, TrialRecord } from '../run/runner.js';
import { round } from '../run/round.js';
import { environment, type Environment } from './environment.js';
import { lockCostInterval, type LockCostInterval } from '../run/uncertainty.js';
import { tool } from '../tool.js';

export const SCHEMA_VERSION = 1;

export { tool };

export interface RunDocument extends RunResult {
  schemaVersion: number;
  kind: 'run';
  tool: typeof tool;
  environment: Environment;
}

export interface ComparisonDocument {
  schemaVersion: number;
  kind: 'comparison';
  tool: typeof tool;
  environment: Environment;
  runs: [RunResult, RunResult];
  /** Mean time per trial with the lock over the same without it. */
  lockCost: number;
  /** Median time per trial with the lock over the same without it, with a 95% interval. */
  lockCostInterval: LockCostInterval;
}

export type ResultDocument = RunDocument | ComparisonDocument;

export function runDocument(result: RunResult): RunDocument {
  return { schemaVersion: SCHEMA_VERSION, kind: 'run', tool, environment: environment(), ...result };
}

export function comparisonDocument(unlocked: RunResult, locked: RunResult): ComparisonDocument {
  const interval = lockCostOf(unlocked, locked);
  return { schemaVersion: SCHEMA_VERSION, kind: 'comparison', tool, environment: environment(), runs: [unlocked, locked], lockCost: lockCost(unlocked, locked), lockCostInterval: interval };
}

export function lockCost(unlocked: RunResult, locked: RunResult): number {
  const without = unlocked.timing.perTrialMs.mean;
  return without > 0 ? round(locked.timing.perTrialMs.mean / without, 2) : 0;
}

export function lockCostOf(unlocked: RunResult, locked: RunResult): LockCostInterval {
  const medians = (result: RunResult) => ({ median: result.timing.perTrialMs.median, medianCi95: result.timing.medianCi95 ?? [0, 0] as [number, number] });
  return lockCostInterval(medians(unlocked), medians(locked));
}

/** One ndjson line per trial; `lock` tells the two runs of --compare apart. */
export function trialLine(record: TrialRecord, lock: boolean): string {
  return JSON.stringify({ type: 'trial', ...record, lock });
}
