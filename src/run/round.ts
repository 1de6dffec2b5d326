// Rounding for the numbers a document or a table shows (shares, milliseconds, intervals).
export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
