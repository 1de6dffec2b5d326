// The names of a scenario's locks, in the order every engine, store and worker
// numbers them: index 0 is the default `lock`, then the scenario's own `locks`.
export function lockNamesOf(scenario: { locks?: readonly string[] }): string[] {
  return ['lock', ...(scenario.locks ?? [])];
}
