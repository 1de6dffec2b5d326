// Redis as a store: a key per slot, `<run>:slot:<slot>`, holding the slot's bytes;
// a read is one GETRANGE, a write one SETRANGE (in a script, see
// WRITE_IF_PRESENT), each atomic on its own. The
// lock is the classic single-instance Redis lock: `SET key token NX PX ttl` to
// take it, and a Lua script that deletes the key only if it still holds this
// worker's token to give it back. The other lock is optimistic, WATCH/MULTI:
// see watchTransaction. The bus is pub/sub.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { SectionConflict, lockFrom } from '../worker/lock.js';
import type { MemoryLayout } from '../memory/layout.js';
import type { Lock } from '../scenario/api.js';
import { SlotMap, type SlotRanges } from './slots.js';
import { cannotCreate, notTheRunsDatabase, parseMessage, unreachable, type MessageBus, type StoreAdmin, type StoreDriver, type StoreSession, type StoreSpec } from './store.js';

/** Deletes the lock only if this holder's token is still in it (it may have expired and been taken by another). */
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
/**
 * SETRANGE, but only on a key that exists: a worker still finishing its body
 * after the run ended (and dropped its keys) must not create them again.
 */
const WRITE_IF_PRESENT = "if redis.call('exists', KEYS[1]) == 1 then return redis.call('setrange', KEYS[1], ARGV[1], ARGV[2]) else return 0 end";
/** Retries before a waiting acquire starts sleeping 1 ms between tries. */
const EAGER_TRIES = 20;

// Separate namespaces: a slot a scenario names `lock:lock` is never the lock's key.
const slotKey = (run: string, slot: string): string => `${run}:slot:${slot}`;
const lockKey = (run: string, name: string): string => `${run}:lock:${name}`;

export async function connect(url: string): Promise<Redis> {
  // No reconnection and no offline queue: a lost server fails the next command at once.
  const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 10_000 });
  // ioredis rejects connect() with a bare "Connection is closed."; the cause comes as an 'error' event.
  let cause: unknown;
  client.on('error', (error: unknown) => (cause ??= error));
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw unreachable(url, cause ?? error);
  }
  return client;
}

async function openRedisSession(spec: StoreSpec, layout: MemoryLayout, lockNames: readonly string[]): Promise<StoreSession> {
  const client = await connect(spec.url);
  const slots = new SlotMap(layout);
  // Pub/sub spans a server's databases, keys do not: a worker on another database would race on nothing.
  const first = slots.names[0];
  if (first !== undefined && (await client.exists(slotKey(spec.run, first))) === 0) {
    client.disconnect();
    throw notTheRunsDatabase(spec);
  }
  const ranges: SlotRanges = {
    read: (slot, start, length) => client.getrangeBuffer(slotKey(spec.run, slot), start, start + length - 1),
    write: async (slot, start, bytes) => {
      await client.eval(WRITE_IF_PRESENT, 1, slotKey(spec.run, slot), start, Buffer.from(bytes));
    },
  };
  const close = async (): Promise<void> => void (await client.quit());
  if (spec.lock === 'watch') {
    const transaction = watchTransaction(client, ranges, (slot) => slotKey(spec.run, slot), slots.names);
    return { access: slots.access(transaction.ranges), locks: lockNames.map(() => transaction.lock), endTrial: transaction.abandon, close };
  }
  const held = new Set<() => Promise<void>>();
  const locks = lockNames.map((name) => setNxLock(client, lockKey(spec.run, name), spec.lockTtlMs, held));
  // A body or a worker that ends holding a lock gives it back, rather than make the others wait for its expiry.
  const releaseHeld = async (): Promise<void> => void (await Promise.allSettled([...held].map((release) => release())));
  const closeReleasing = async (): Promise<void> => {
    await releaseHeld();
    await close();
  };
  return { access: slots.access(ranges), locks, endTrial: releaseHeld, close: closeReleasing };
}

/**
 * Optimistic locking: "acquire" WATCHes every slot's key, writes inside the
 * section are held back (reads see them), and "release" sends them in one
 * MULTI/EXEC, which Redis refuses if another worker changed a watched key
 * meanwhile. Then nothing was written, and lock.run runs the section again.
 * No one ever waits, so there is no deadlock either. Every lock name shares
 * the one transaction: nested sections commit with the outermost.
 */
function watchTransaction(
  client: Redis,
  direct: SlotRanges,
  keyOf: (slot: string) => string,
  slotNames: string[],
): { ranges: SlotRanges; lock: Lock; abandon: () => Promise<void> } {
  let depth = 0;
  let writes: Array<{ slot: string; start: number; bytes: Buffer }> = [];
  const ranges: SlotRanges = {
    async read(slot, start, length) {
      const bytes = Buffer.alloc(length);
      Buffer.from(await direct.read(slot, start, length)).copy(bytes);
      for (const write of writes) {
        if (write.slot !== slot) continue;
        // Overlay each held-back write on the bytes read, in the order written.
        const from = Math.max(start, write.start);
        const to = Math.min(start + length, write.start + write.bytes.length);
        if (from < to) write.bytes.copy(bytes, from - start, from - write.start, to - write.start);
      }
      return bytes;
    },
    async write(slot, start, bytes) {
      if (depth === 0) return direct.write(slot, start, bytes);
      writes.push({ slot, start, bytes: Buffer.from(bytes) });
    },
  };
  const lock = lockFrom(
    async () => {
      if (depth > 0) {
        depth++;
        return;
      }
      writes = [];
      await client.watch(...slotNames.map(keyOf));
      depth = 1;
    },
    async () => {
      if (depth === 0 || --depth > 0) return;
      const multi = client.multi();
      for (const { slot, start, bytes } of writes) multi.eval(WRITE_IF_PRESENT, 1, keyOf(slot), start, bytes);
      writes = [];
      if ((await multi.exec()) === null) throw new SectionConflict();
    },
  );
  // A section still open when its body ends was never committed: its held-back writes are dropped.
  const abandon = async (): Promise<void> => {
    if (depth === 0) return;
    depth = 0;
    writes = [];
    await client.unwatch();
  };
  return { ranges, lock, abandon };
}

/** `held` holds the release of every lock this session holds now. */
function setNxLock(client: Redis, key: string, ttlMs: number, held: Set<() => Promise<void>>): Lock {
  let token = '';
  const release = async (): Promise<void> => {
    held.delete(release);
    await client.eval(RELEASE, 1, key, token);
  };
  return lockFrom(async () => {
    const mine = randomBytes(8).toString('hex');
    for (let tries = 1; ; tries++) {
      if ((await client.set(key, mine, 'PX', ttlMs, 'NX')) === 'OK') break;
      if (tries > EAGER_TRIES) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    token = mine;
    held.add(release);
  }, release);
}

async function openRedisAdmin(spec: StoreSpec, layout: MemoryLayout, lockNames: readonly string[]): Promise<StoreAdmin> {
  const client = await connect(spec.url);
  const slots = new SlotMap(layout);
  const keys = slots.names.map((name) => slotKey(spec.run, name));
  const lockKeys = lockNames.map((name) => lockKey(spec.run, name));
  const admin: StoreAdmin = {
    async reset(image) {
      const pairs = slots.split(image).flatMap(({ name, bytes }) => [slotKey(spec.run, name), Buffer.from(bytes)]);
      // A lock left by a holder that died in the previous trial must not outlive it.
      const results = await client.multi().mset(...pairs).del(...lockKeys).exec();
      const failed = results?.find(([error]) => error);
      if (failed?.[0]) throw failed[0];
    },
    async snapshot() {
      const values = await client.mgetBuffer(...keys);
      return slots.join(new Map(slots.names.map((name, index) => [name, values[index] ?? new Uint8Array(0)])));
    },
    async drop() {
      // The run's own connection may be what failed: then a fresh one deletes the keys.
      await client.del(...keys, ...lockKeys).catch(async () => {
        const fresh = await connect(spec.url);
        await fresh.del(...keys, ...lockKeys).finally(() => fresh.disconnect());
      });
    },
    close: async () => void (await client.quit()),
  };
  try {
    await admin.reset(layout.initialImage());
  } catch (error) {
    await admin.drop().catch(() => {});
    client.disconnect();
    throw cannotCreate(spec, 'keys', error);
  }
  return admin;
}

async function openRedisBus(url: string): Promise<MessageBus> {
  const publisher = await connect(url);
  const subscriber = await connect(url);
  const handlers = new Map<string, (message: unknown) => void>();
  subscriber.on('message', (channel: string, payload: string) => {
    const message = parseMessage(payload);
    if (message !== undefined) handlers.get(channel)?.(message);
  });
  let closing = false;
  const lost: Array<() => void> = [];
  for (const client of [publisher, subscriber]) client.on('end', () => closing || lost.splice(0).forEach((listener) => listener()));
  return {
    async publish(channel, message) {
      await publisher.publish(channel, JSON.stringify(message));
    },
    async subscribe(channel, onMessage) {
      handlers.set(channel, onMessage);
      await subscriber.subscribe(channel);
    },
    async unsubscribe(channel) {
      handlers.delete(channel);
      await subscriber.unsubscribe(channel);
    },
    onLost(listener) {
      lost.push(listener);
    },
    async close() {
      closing = true;
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    },
  };
}

/** The driver, as drivers.ts loads it. */
export const driver: StoreDriver = { openSession: openRedisSession, openAdmin: openRedisAdmin, openBus: openRedisBus };
