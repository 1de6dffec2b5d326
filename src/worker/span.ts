// When a worker's body ran, on the monotonic clock every thread and process of
// this machine shares: each worker notes its span, and the coordinator says a
// trial overlapped when two spans meet (run/overlap.ts explains why it matters).

/** Microseconds on the monotonic clock every thread and process of this machine shares. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** When one worker's body ran, in monotonic microseconds. */
export interface Span {
  startUs: number;
  endUs: number;
}

/** True when at least two spans share a moment. */
export function overlapped(spans: readonly Span[]): boolean {
  const ordered = [...spans].sort((a, b) => a.startUs - b.startUs);
  let latestEnd = -Infinity;
  for (const span of ordered) {
    if (span.startUs < latestEnd) return true;
    latestEnd = Math.max(latestEnd, span.endUs);
  }
  return false;
}
