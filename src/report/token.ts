// Replay tokens: a schedule (which worker moves at each shared access or
// lock acquire) with the scenario, workload and lock it belongs to, in a
// short text a learner can paste. Bytes: version, workers, iterations, lock,
// the scenario's name, the schedule as runs of one worker, then a 32-bit
// FNV-1a checksum; written as base64url after an `rd` prefix.
import { UsageError } from '../errors.js';

export const TOKEN_VERSION = 1;
const PREFIX = 'rd';

export interface ReplaySchedule {
  scenario: string;
  workers: number;
  iterations: number;
  lock: boolean;
  /** The worker (1-based) that moves at each step. */
  schedule: number[];
}

export function encodeToken(replay: ReplaySchedule): string {
  const bytes: number[] = [TOKEN_VERSION];
  const varint = (value: number): void => {
    let rest = value;
    while (rest >= 0x80) {
      bytes.push((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    bytes.push(rest);
  };
  varint(replay.workers);
  varint(replay.iterations);
  bytes.push(replay.lock ? 1 : 0);
  const name = Buffer.from(replay.scenario, 'utf8');
  varint(name.length);
  bytes.push(...name);
  const runs = runsOf(replay.schedule);
  varint(runs.length);
  for (const [worker, count] of runs) {
    varint(worker);
    varint(count);
  }
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(fnv1a(bytes));
  return PREFIX + Buffer.concat([Buffer.from(bytes), sum]).toString('base64url');
}

/** The schedule in `token`, or a UsageError saying in one line what is wrong with it. */
export function decodeToken(token: string, option = '--replay'): ReplaySchedule {
  const bad = (why: string): UsageError => new UsageError(`${option}: ${why}`);
  if (!token.startsWith(PREFIX) || !/^[A-Za-z0-9_-]+$/.test(token.slice(PREFIX.length)) || token.length > 100_000) {
    throw bad("not a replay token (they start with 'rd' and come from explore or run --trace)");
  }
  const all = Buffer.from(token.slice(PREFIX.length), 'base64url');
  if (all.length < 5) throw bad('the token is too short: was it cut when copied?');
  const body = all.subarray(0, all.length - 4);
  if (all.readUInt32BE(all.length - 4) !== fnv1a(body)) throw bad('the token is damaged (its checksum does not match): copy it again');
  let at = 0;
  const byte = (): number => {
    const value = body[at++];
    if (value === undefined) throw bad('the token ends too early');
    return value;
  };
  const varint = (): number => {
    let value = 0;
    for (let scale = 1; ; scale *= 0x80) {
      const next = byte();
      value += (next & 0x7f) * scale;
      if (next < 0x80) return value;
      if (scale > 2 ** 35) throw bad('the token holds a number too large');
    }
  };
  const version = byte();
  if (version !== TOKEN_VERSION) throw bad(`token version ${version} is not one this racedemo reads (it reads version ${TOKEN_VERSION})`);
  const workers = varint();
  const iterations = varint();
  const lock = byte() === 1;
  const length = varint();
  const scenario = body.subarray(at, at + length).toString('utf8');
  at += length;
  const schedule: number[] = [];
  for (let runs = varint(); runs > 0; runs--) {
    const worker = varint();
    const count = varint();
    if (worker < 1 || worker > workers || schedule.length + count > 10_000_000) throw bad('the token names a worker the workload does not have');
    for (let step = 0; step < count; step++) schedule.push(worker);
  }
  if (at !== body.length) throw bad('the token has bytes past its schedule');
  return { scenario, workers, iterations, lock, schedule };
}

function runsOf(schedule: readonly number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const worker of schedule) {
    const last = runs[runs.length - 1];
    if (last && last[0] === worker) last[1]++;
    else runs.push([worker, 1]);
  }
  return runs;
}

function fnv1a(bytes: ArrayLike<number>): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < bytes.length; index++) {
    hash ^= bytes[index] ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The command that replays `replay`, with the flags its token demands. */
export function replayCommand(replay: ReplaySchedule): string {
  return `racedemo explore ${replay.scenario} --workers ${replay.workers} --iterations ${replay.iterations} ${replay.lock ? '--lock' : '--no-lock'} --replay ${encodeToken(replay)}`;
}
