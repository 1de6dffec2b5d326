// Opens a store's connections, loading its driver (pg or ioredis) only when
// that store is asked for, so that `list` and `--help` never load either.
// Which driver serves which kind is decided here, once.
import type { MemoryLayout } from '../memory/layout.js';
import type { MessageBus, StoreAdmin, StoreDriver, StoreKind, StoreSession, StoreSpec } from './store.js';

const drivers: Record<StoreKind, () => Promise<{ driver: StoreDriver }>> = {
  postgres: () => import('./postgres.js'),
  redis: () => import('./redis.js'),
};

async function driverOf(kind: StoreKind): Promise<StoreDriver> {
  return (await drivers[kind]()).driver;
}

export async function openSession(spec: StoreSpec, layout: MemoryLayout, lockNames: readonly string[]): Promise<StoreSession> {
  return (await driverOf(spec.kind)).openSession(spec, layout, lockNames);
}

export async function openAdmin(spec: StoreSpec, layout: MemoryLayout, lockNames: readonly string[]): Promise<StoreAdmin> {
  return (await driverOf(spec.kind)).openAdmin(spec, layout, lockNames);
}

export async function openBus(kind: StoreKind, url: string): Promise<MessageBus> {
  return (await driverOf(kind)).openBus(url);
}
