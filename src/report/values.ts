// How final values, times and shares read in the table.
import type { Json } from '../scenario/api.js';

/** `[199, 299, 399]` for a single slot; `taken 20 · lines 19` for several. */
export function formatFinal(final: Json): string {
  if (isRecord(final)) {
    const entries = Object.entries(final);
    if (entries.length === 1) return formatValue(entries[0]?.[1] ?? null);
    return entries.map(([key, value]) => `${key} ${formatValue(value)}`).join(' · ');
  }
  // A bare word such as 'deadlock' names an outcome; it is not a value to quote.
  return typeof final === 'string' ? final : formatValue(final);
}

function formatValue(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (isRecord(value)) return `{${Object.entries(value).map(([key, item]) => `${key}: ${formatValue(item)}`).join(', ')}}`;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

function isRecord(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** `29.4–56.0%` */
export function percentRange([low, high]: readonly [number, number]): string {
  return `${(low * 100).toFixed(1)}–${percent(high)}`;
}

/** `1 trial`, `2 trials`: the noun only. */
export function plural(count: number, noun: string): string {
  return count === 1 ? noun : `${noun}s`;
}

export function duration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

export function milliseconds(ms: number): string {
  return ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
}

/** `2 workers × 1 iteration` */
export function workloadSize({ workers, iterations }: { workers: number; iterations: number }): string {
  return `${workers} ${plural(workers, 'worker')} × ${iterations} ${plural(iterations, 'iteration')}`;
}

/** The store a run kept its slots in, with its lock, for a header: `postgres (for-update)`. */
export function storeLabel(store: { kind: string; lock: string }): string {
  return `${store.kind} (${store.lock})`;
}

/** 1000000 → '1,000,000', as toLocaleString('en-US') writes a whole number, without starting ICU (about 10 ms at start-up). */
export function thousands(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
