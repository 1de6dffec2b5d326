export async function runFixes(..._args: unknown[]): Promise<unknown> { throw new Error('todo'); }
export const renderFixes = (..._args: unknown[]): string => '';
export const fixesDocument = (..._args: unknown[]): unknown => ({});
