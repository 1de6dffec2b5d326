// Where a run's shared slots live when they are not in shared memory:
// a PostgreSQL table or Redis keys, one row or key per slot. This module holds
// what every store shares (the --store and --store-lock values, the names of a
// run's rows and keys, the three interfaces, the errors); drivers.ts loads a
// driver only when a store is asked for.
import { messageOf, UsageError } from '../errors.js';
import type { MemoryAccess } from '../memory/handles.js';
import type { MemoryLayout } from '../memory/layout.js';
import type { Lock } from '../scenario/api.js';
import { shown } from '../trust/text.js';

export const storeKinds = ['postgres', 'redis'] as const;
export type StoreKind = (typeof storeKinds)[number];

/** How a store's lock is taken: each store's own mechanism, as production code uses it. */
export const storeLocks = {
  postgres: ['for-update', 'advisory'],
  redis: ['set-nx', 'watch'],
} as const satisfies Record<StoreKind, readonly string[]>;
export type StoreLockKind = (typeof storeLocks)[StoreKind][number];

/** Everything a worker anywhere needs to reach one run's rows or keys. Plain data: it crosses threads, processes and the bus. */
export interface StoreSpec {
  kind: StoreKind;
  url: string;
  lock: StoreLockKind;
  /** Names this run's table or keys, so that runs never meet. */
  run: string;
  /** A Redis lock expires after this long even if its holder never releases it. */
  lockTtlMs: number;
}

/** The value of --store: `memory`, or a store's URL. */
export type StoreChoice = { kind: 'memory' } | { kind: StoreKind; url: string };

export function parseStoreOption(text: string): StoreChoice {
  if (text === 'memory') return { kind: 'memory' };
  const protocol = URL.canParse(text) ? new URL(text).protocol : '';
  if (protocol === 'postgres:' || protocol === 'postgresql:') return { kind: 'postgres', url: text };
  if (protocol === 'redis:' || protocol === 'rediss:') return { kind: 'redis', url: text };
  throw new UsageError(`--store must be memory, postgres://… or redis://… (got '${shown(text)}')`);
}

/** The lock kind for a store: the one asked for, checked against the store, or the store's first. */
export function storeLockFor(kind: StoreKind, asked: string | undefined): StoreLockKind {
  const choices: readonly StoreLockKind[] = storeLocks[kind];
  if (asked === undefined) return choices[0] as StoreLockKind;
  if (!choices.includes(asked as StoreLockKind)) {
    throw new UsageError(`--store-lock ${asked} is not a ${kind} lock; use ${choices.join(' or ')}`);
  }
  return asked as StoreLockKind;
}

/** A fresh run name: short, lower-case, safe as a table name and a key prefix. */
export function newRunName(): string {
  // The global Web Crypto: node:crypto is not loaded at start-up for a name only a store run needs.
  return `racedemo_${Buffer.from(crypto.getRandomValues(new Uint8Array(5))).toString('hex')}`;
}

/** The URL without its password (user:pw@, ?password=, ?pass=), for messages. */
export function displayUrl(url: string): string {
  return shown(url);
}

/** A store's or a driver's error text, as it may be shown: no password, no control characters. */
export function storeMessage(error: unknown): string {
  return shown(messageOf(error));
}

/** One worker's connection: the scenario's memory and locks, over the network. */
export interface StoreSession {
  access: MemoryAccess;
  /** A lock per lock name (index 0 is `lock`). */
  locks: Lock[];
  /** Gives back whatever lock the body still holds as its trial ends, before the worker says it is done. */
  endTrial(): Promise<void>;
  close(): Promise<void>;
}

/** The coordinator's connection: creates a run's rows or keys, resets and reads them, drops them. */
export interface StoreAdmin {
  reset(image: Uint8Array): Promise<void>;
  snapshot(): Promise<Uint8Array>;
  /** Removes every row or key of the run (StoreMemory.close calls it once). */
  drop(): Promise<void>;
  close(): Promise<void>;
}

/** JSON messages between a coordinator and remote workers, carried by the store itself. */
export interface MessageBus {
  publish(channel: string, message: object): Promise<void>;
  subscribe(channel: string, onMessage: (message: unknown) => void): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
  /** Called once if the connection to the store is lost (not when close() ends it). */
  onLost(listener: () => void): void;
  close(): Promise<void>;
}

/** What each driver module (postgres.ts, redis.ts) exports as `driver`. */
export interface StoreDriver {
  openSession(spec: StoreSpec, layout: MemoryLayout, lockNames: readonly string[]): Promise<StoreSession>;
  openAdmin(spec: StoreSpec, layout: MemoryLayout, lockNames: readonly string[]): Promise<StoreAdmin>;
  openBus(url: string): Promise<MessageBus>;
}

/** A message from a store's channel: anyone may publish there, so text that is not JSON is ignored (undefined). */
export function parseMessage(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    return undefined;
  }
}

/** A session's check failed: the URL the worker was given names another database than the run's. */
export function notTheRunsDatabase(spec: StoreSpec): Error {
  return new Error(`run ${spec.run} is not in the database at ${displayUrl(spec.url)}: is it the run's database?`);
}

/** Creating the run's rows or keys failed (permissions, a read-only server): the user's store, so a usage error. */
export function cannotCreate(spec: StoreSpec, what: string, error: unknown): UsageError {
  return new UsageError(`cannot create the run's ${what} in ${displayUrl(spec.url)}: ${storeMessage(error)}`, { cause: error });
}

/** A store that cannot be reached is a usage error: the URL is what the user gave. */
export function unreachable(url: string, error: unknown): UsageError {
  const reason = error instanceof Error ? (error.message || error.name) : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  return new UsageError(`cannot reach the store at ${displayUrl(url)}: ${shown(String(reason || code))}`, { cause: error });
}
