// The default verdict on a trial: the final numeric slots against the expected
// value, with lost updates = the sum of (expected − final) over every number.
import { sanitize } from '../trust/text.js';
import type { Json, Judgement, MemoryValues, MemorySpec, Scenario, Workload } from '../scenario/api.js';

export function judgeTrial(scenario: Scenario, final: MemoryValues<MemorySpec>, expected: Json, options: Workload): Judgement {
  if (scenario.judge) return scenario.judge(final, options);
  const numeric: Record<string, Json> = {};
  for (const [name, value] of Object.entries(final)) {
    if (typeof value !== 'string') numeric[name] = value;
  }
  return { final: numeric, lost: shortfall(expected, numeric) };
}

/** What a raced outcome says after 'race ·': the judge's word, or the lost updates. */
export function raceWord({ lost, word }: Pick<Judgement, 'lost' | 'word'>): string {
  // A scenario file's word is outside text: it reaches tables, traces and pages.
  if (word !== undefined) return sanitize(word);
  return lost > 0 ? `lost ${lost}` : lost < 0 ? `${-lost} extra` : '';
}

/** Sum of (expected − actual) over the numbers two values share by position. */
export function shortfall(expected: Json, actual: Json): number {
  if (typeof expected === 'number' && typeof actual === 'number') return expected - actual;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    return expected.reduce<number>((sum, item, index) => sum + shortfall(item, actual[index] ?? null), 0);
  }
  if (isRecord(expected) && isRecord(actual)) {
    return Object.keys(expected).reduce((sum, key) => sum + shortfall(expected[key] ?? null, actual[key] ?? null), 0);
  }
  return 0;
}

function isRecord(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A key that is equal for equal JSON values whatever the order of object keys. */
export function canonicalKey(value: Json): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isRecord(value)) {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key] ?? null)]));
  }
  return value;
}
