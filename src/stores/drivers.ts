// Opens a store's connections, loading its driver (pg or ioredis) only when
// that store is asked for, so that `list` and `--help` never load either.
// The drivers import store.ts for what they share (and the isolation lab their connect()).
import type { MemoryLayout } from '../memory/layout.js';
import type { MessageBus, StoreAdmin, StoreKind, StoreSession, StoreSpec } from './store.js';

export async function openSession(spec: StoreSpec, layout: MemoryLayout, lockNames: readonly string[]): Promise<StoreSession> {
  if (spec.kind === 'postgres') return (await import('./postgres.js')).openPostgresSession(spec, layout, lockNames);
  return (await import('./redis.js')).openRedisSession(spec, layout, lockNames);
}

export async function openAdmin(spec: StoreSpec, layout: MemoryLayout, lockNames: readonly string[]): Promise<StoreAdmin> {
  if (spec.kind === 'postgres') return (await import('./postgres.js')).openPostgresAdmin(spec, layout, lockNames);
  return (await import('./redis.js')).openRedisAdmin(spec, layout, lockNames);
}

export async function openBus(kind: StoreKind, url: string): Promise<MessageBus> {
  if (kind === 'postgres') return (await import('./postgres.js')).openPostgresBus(url);
  return (await import('./redis.js')).openRedisBus(url);
}
