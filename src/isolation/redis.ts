export async function runRedisMatrix(..._args: unknown[]): Promise<unknown> { throw new Error('todo'); }
export const renderRedisMatrix = (..._args: unknown[]): string => '';
export const redisDocument = (..._args: unknown[]): unknown => ({});
