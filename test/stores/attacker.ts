// An attacker on a shared store: a second, unprivileged login (PostgreSQL:
// `CREATE ROLE student LOGIN`, nothing granted; Redis: an ACL user allowed only
// pub/sub) that reads every message on racedemo's channels and publishes its
// own, as any student of the class could.
import type { Redis } from 'ioredis';
import type pg from 'pg';

/** The URL of an unprivileged user on the server at `adminUrl` (created on first use). */
export async function studentUrl(adminUrl: string): Promise<string> {
  const url = new URL(adminUrl);
  if (adminUrl.startsWith('redis')) {
    const { Redis } = await import('ioredis');
    const admin = new Redis(adminUrl);
    await admin.call('ACL', 'SETUSER', 'student', 'on', '>student-pw', 'resetchannels', '&*', '-@all', '+subscribe', '+publish', '+ping', '+unsubscribe');
    admin.disconnect();
    url.username = 'student';
    url.password = 'student-pw';
    return url.href;
  }
  const { default: pgModule } = await import('pg');
  const admin = new pgModule.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'student') THEN CREATE ROLE student LOGIN; END IF; END $$");
  await admin.end();
  url.username = 'student';
  return url.href;
}

export interface Heard {
  channel: string;
  payload: string;
}

/** A listener on the store's channels that hears everything and can answer. */
export interface Eavesdropper {
  heard: Heard[];
  listen(channel: string): Promise<void>;
  publish(channel: string, payload: string | object): Promise<void>;
  /** Resolves with the first message heard (past or future) that `match` accepts. */
  next(match: (heard: Heard) => boolean): Promise<Heard>;
  close(): Promise<void>;
}

/** What a message says, signed or not: a signed message's body is readable by anyone (it is signed, not encrypted). */
export function bodyOf(payload: string): Record<string, unknown> {
  try {
    const outer = JSON.parse(payload) as Record<string, unknown>;
    return typeof outer.body === 'string' ? (JSON.parse(outer.body) as Record<string, unknown>) : outer;
  } catch {
    return {};
  }
}

export async function eavesdrop(url: string, onHeard: (heard: Heard, spy: Eavesdropper) => void = () => {}): Promise<Eavesdropper> {
  const heard: Heard[] = [];
  const waiters: Array<{ match: (heard: Heard) => boolean; resolve: (heard: Heard) => void }> = [];
  let spy: Eavesdropper;
  const hear = (channel: string, payload: string): void => {
    const item = { channel, payload };
    heard.push(item);
    for (const waiter of [...waiters]) {
      if (!waiter.match(item)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(item);
    }
    onHeard(item, spy);
  };
  const next = (match: (heard: Heard) => boolean): Promise<Heard> => {
    const found = heard.find(match);
    return found ? Promise.resolve(found) : new Promise((resolve) => waiters.push({ match, resolve }));
  };
  const text = (payload: string | object): string => (typeof payload === 'string' ? payload : JSON.stringify(payload));
  // Answers fired from onHeard may still be on the wire when the test closes the spy: those are given up quietly.
  let closed = false;
  const quietly = async (send: () => Promise<unknown>): Promise<void> => {
    if (closed) return;
    await send().catch((error: unknown) => {
      if (!closed) throw error;
    });
  };
  if (url.startsWith('redis')) {
    const { Redis } = await import('ioredis');
    const subscriber: Redis = new Redis(url);
    const publisher: Redis = new Redis(url);
    subscriber.on('message', hear);
    spy = {
      heard,
      next,
      listen: (channel) => quietly(() => subscriber.subscribe(channel)),
      publish: (channel, payload) => quietly(() => publisher.publish(channel, text(payload))),
      close: async () => {
        closed = true;
        subscriber.disconnect();
        publisher.disconnect();
      },
    };
    return spy;
  }
  const { default: pgModule } = await import('pg');
  const client: pg.Client = new pgModule.Client({ connectionString: url });
  await client.connect();
  client.on('notification', ({ channel, payload }) => hear(channel, payload ?? ''));
  spy = {
    heard,
    next,
    listen: (channel) => quietly(() => client.query(`LISTEN "${channel}"`)),
    publish: (channel, payload) => quietly(() => client.query('SELECT pg_notify($1, $2)', [channel, text(payload)])),
    close: async () => {
      closed = true;
      await client.end();
    },
  };
  return spy;
}
