// --format csv: a header row, then one row per trial as it finishes.
import type { TrialRecord } from '../run/runner.js';

export const csvHeader = 'trial,raced,lost,ms,final,lock';

export function csvRow(record: TrialRecord, lock: boolean): string {
  const final = `"${JSON.stringify(record.final).replaceAll('"', '""')}"`;
  return [record.trial, record.raced, record.lost, record.ms, final, lock].join(',');
}
