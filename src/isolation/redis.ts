// `racedemo isolation --store redis://…`: Redis has no isolation levels, so its
// matrix is about the read-modify-write patterns people use on it. Each pattern
// runs twice: once as fixed steps on two connections A and B (the interleaving
// that shows the outcome, like the PostgreSQL specs), and once raced for real
// by several connections at once. Every key lives under a fresh prefix and is
// deleted on every way out.
import { sanitize } from '../trust/text.js';
import { environment, type Environment } from '../report/environment.js';
import type { Redis } from 'ioredis';
import { grid } from '../report/grid.js';
import { connect } from '../stores/redis.js';
import { newRunName } from '../stores/store.js';

type Client = 'A' | 'B';
type Reply = unknown;

interface RedisStep {
  client: Client;
  command: (key: string, seen: (label: string) => number) => string[];
  as?: string;
}

interface Pattern {
  name: string;
  steps: RedisStep[];
  /** One increment, as an application would write it; false when the server refused it (nil EXEC). */
  increment(client: Redis, key: string): Promise<boolean>;
}

/** Adds 1 in one server-side step: Redis runs a script without interleaving any other command. */
const INCREMENT_SCRIPT = "local v = tonumber(redis.call('get', KEYS[1])) + 1; redis.call('set', KEYS[1], v); return v";

const get = (client: Client, as: string): RedisStep => ({ client, command: (key) => ['GET', key], as });
const setFrom = (client: Client, label: string): RedisStep => ({ client, command: (key, seen) => ['SET', key, String(seen(label) + 1)] });
const plain = (client: Client, ...words: string[]): RedisStep => ({ client, command: (key) => words.map((word) => (word === 'KEY' ? key : word)) });

export const patterns: Pattern[] = [
  {
    name: 'GET then SET',
    steps: [get('A', 'a'), get('B', 'b'), setFrom('A', 'a'), setFrom('B', 'b')],
    async increment(client, key) {
      const value = Number(await client.get(key));
      await client.set(key, value + 1);
      return true;
    },
  },
  {
    name: 'MULTI without WATCH',
    steps: [get('A', 'a'), get('B', 'b'), plain('A', 'MULTI'), setFrom('A', 'a'), plain('A', 'EXEC'), plain('B', 'MULTI'), setFrom('B', 'b'), plain('B', 'EXEC')],
    async increment(client, key) {
      const value = Number(await client.get(key));
      await client.multi().set(key, value + 1).exec();
      return true;
    },
  },
  {
    name: 'WATCH + MULTI/EXEC',
    steps: [plain('A', 'WATCH', 'KEY'), get('A', 'a'), plain('B', 'WATCH', 'KEY'), get('B', 'b'), plain('A', 'MULTI'), setFrom('A', 'a'), plain('A', 'EXEC'), plain('B', 'MULTI'), setFrom('B', 'b'), plain('B', 'EXEC')],
    async increment(client, key) {
      await client.watch(key);
      const value = Number(await client.get(key));
      const result = await client.multi().set(key, value + 1).exec();
      return result !== null;
    },
  },
  {
    name: 'INCR',
    steps: [plain('A', 'INCR', 'KEY'), plain('B', 'INCR', 'KEY')],
    async increment(client, key) {
      await client.incr(key);
      return true;
    },
  },
  {
    name: 'Lua script',
    steps: [plain('A', 'EVAL', INCREMENT_SCRIPT, '1', 'KEY'), plain('B', 'EVAL', INCREMENT_SCRIPT, '1', 'KEY')],
    async increment(client, key) {
      await client.eval(INCREMENT_SCRIPT, 1, key);
      return true;
    },
  },
];

export type RedisVerdict = { result: 'occurs'; evidence: string } | { result: 'prevented'; how: 'aborted' | 'atomic'; evidence: string };

export interface PatternRun {
  pattern: string;
  verdict: RedisVerdict;
  steps: Array<{ client: Client; command: string; reply: string }>;
  /** The real race: increments attempted, refused (nil EXEC) and lost. */
  raced: { updates: number; refused: number; lost: number };
}

export interface RedisRun {
  server: string;
  patterns: PatternRun[];
}

export const raceSize = { connections: 4, increments: 25 } as const;

export async function runRedisMatrix(url: string, signal: AbortSignal): Promise<RedisRun> {
  const prefix = newRunName();
  const clients: Redis[] = [];
  try {
    for (let index = 0; index < raceSize.connections; index++) clients.push(await connect(url));
    const info = await (clients[0] as Redis).info('server');
    const server = sanitize(/redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown');
    const runs: PatternRun[] = [];
    for (const [index, pattern] of patterns.entries()) {
      signal.throwIfAborted();
      const key = `${prefix}:${index}`;
      const steps = await runSteps(clients, pattern, `${key}:steps`);
      const raced = await race(clients, pattern, `${key}:race`, signal);
      runs.push({ pattern: pattern.name, steps: steps.log, verdict: verdictOf(steps.final, steps.log, raced), raced });
    }
    return { server, patterns: runs };
  } finally {
    await removeKeys(clients[0], prefix);
    for (const client of clients) client.disconnect();
  }
}

/** The fixed interleaving on connections A and B, from 10; the final value. */
async function runSteps(clients: Redis[], pattern: Pattern, key: string): Promise<{ final: number; log: PatternRun['steps'] }> {
  const [a, b] = clients as [Redis, Redis];
  await a.set(key, 10);
  const reads = new Map<string, number>();
  const log: PatternRun['steps'] = [];
  for (const step of pattern.steps) {
    const [name, ...args] = step.command(key, (label) => reads.get(label) ?? 0);
    const reply: Reply = await (step.client === 'A' ? a : b).call(name as string, ...args);
    if (step.as) reads.set(step.as, Number(reply));
    const shown = name === 'EVAL' ? ['EVAL', '<get, add 1, set>', ...args.slice(1)] : [name, ...args];
    log.push({ client: step.client, command: shown.join(' ').replace(key, 'k'), reply: replyText(reply) });
  }
  return { final: Number(await a.get(key)), log };
}

/** A reply as text; from a server, so control characters are stripped. */
const replyText = (reply: Reply): string => (reply === null ? '(nil)' : Array.isArray(reply) ? `[${reply.map(replyText).join(', ')}]` : sanitize(String(reply)));

/** Every connection adds 1, `increments` times, all at once; lost = acknowledged − final. */
async function race(clients: Redis[], pattern: Pattern, key: string, signal: AbortSignal): Promise<PatternRun['raced']> {
  await (clients[0] as Redis).set(key, 0);
  let acknowledged = 0;
  let refused = 0;
  // allSettled: every connection has stopped writing before the keys are deleted, even when one throws (Ctrl-C).
  const outcomes = await Promise.allSettled(
    clients.map(async (client) => {
      for (let done = 0; done < raceSize.increments; done++) {
        signal.throwIfAborted();
        if (await pattern.increment(client, key)) acknowledged++;
        else refused++;
      }
    }),
  );
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  const final = Number(await (clients[0] as Redis).get(key));
  return { updates: clients.length * raceSize.increments, refused, lost: acknowledged - final };
}

/** Decided from what happened: 12 from 10 means both increments landed; a nil EXEC is a refusal the client sees. */
function verdictOf(final: number, log: PatternRun['steps'], raced: PatternRun['raced']): RedisVerdict {
  const nil = log.some((step) => step.reply === '(nil)');
  const racedText = `raced: ${raced.lost} of ${raced.updates} increments lost${raced.refused ? `, ${raced.refused} refused by a nil EXEC` : ''}`;
  if (final === 11 && !nil) return { result: 'occurs', evidence: `A and B both read 10 and both wrote 11: one update lost; ${racedText}` };
  if (nil && final === 11 && raced.lost === 0) return { result: 'prevented', how: 'aborted', evidence: `B's EXEC returned nil (the watched key changed), so B knows to retry; ${racedText}` };
  if (final === 12 && raced.lost === 0) return { result: 'prevented', how: 'atomic', evidence: `the read and the write are one command on the server: 10 → 11 → 12; ${racedText}` };
  return { result: 'occurs', evidence: `final ${final} after the steps; ${racedText}` };
}

/** Deletes every key under the run's prefix (SCAN, not KEYS: a shared server must not stall). */
async function removeKeys(client: Redis | undefined, prefix: string): Promise<void> {
  if (!client) return;
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export interface RedisIsolationDocument {
  schemaVersion: 1;
  kind: 'isolation';
  /** The machine it ran on (as in every racedemo document). */
  environment: Environment;
  store: 'redis';
  server: string;
  patterns: Record<string, RedisVerdict & { raced: PatternRun['raced'] }>;
}

export function redisDocument(run: RedisRun): RedisIsolationDocument {
  const cells = Object.fromEntries(run.patterns.map((pattern) => [pattern.pattern, { ...pattern.verdict, raced: pattern.raced }]));
  return { schemaVersion: 1, kind: 'isolation', environment: environment(), store: 'redis', server: run.server, patterns: cells };
}

export function renderRedisMatrix(run: RedisRun, where: string): string {
  const rows = run.patterns.map(({ pattern, verdict, raced }) => [
    pattern,
    verdict.result === 'occurs' ? 'lost update occurs' : `prevented (${verdict.how})`,
    `${raced.lost} lost, ${raced.refused} refused of ${raced.updates}`,
  ]);
  const steps = run.patterns.flatMap(({ pattern, steps }) => ['', `${pattern}:`, ...steps.map((step) => `  ${step.client}: ${step.command}  → ${step.reply}`)]);
  return [
    `read-modify-write on Redis ${run.server} (${where}): no isolation levels, so the patterns instead`,
    grid(['pattern', 'A and B both add 1 to 10', `raced (${raceSize.connections} connections × ${raceSize.increments})`], ['left', 'left', 'left'], rows),
    '',
    'refused: EXEC returned nil because a WATCHed key changed; the client sees it and must retry.',
    ...steps,
  ].join('\n');
}
