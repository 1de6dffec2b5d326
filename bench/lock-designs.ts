// The cross-process lock designs compared by the lock benchmark, as a child
// process uses them: racedemo's pipe token (the real class), the bakery lock
// on the shared segment that it replaced, a lock broker in the parent reached
// over IPC, and an O_EXCL lock file holding its owner's pid. 'none' is the
// unlocked baseline loop.
import { closeSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { TokenPipes } from '../src/executors/processes/lock.js';
import { SegmentLayout, lockPipePath } from '../src/executors/processes/segment.js';
import { SharedFile as SharedSegment, newSharedFilePath as newSegmentPath, sharedFileDirectory as segmentDirectory } from '../src/memory/shared-file.js';
import { waitUntil } from '../src/executors/processes/wait.js';
import { BakeryLayout, BakeryLock } from './bakery-lock.js';

export const processDesigns = ['tokens', 'bakery', 'broker', 'lockfile', 'none'] as const;
export type ProcessDesign = (typeof processDesigns)[number];

export interface ChildLock {
  acquire(): Promise<void>;
  release(): Promise<void>;
}

/** Parent → child: what to run. */
export interface LockJob {
  type: 'job';
  design: ProcessDesign;
  segmentPath: string;
  lockPath: string;
  /** The token design's FIFO. */
  pipePath: string;
  /** 0-based place among the competing processes. */
  me: number;
  workers: number;
  ops: number;
  rounds: number;
  /** The holder-dies test instead of timed rounds: 'die' takes the lock and is SIGKILLed holding it; 'wait' then acquires. */
  role?: 'die' | 'wait';
}

/** The broker's protocol, parent ↔ child. */
export type BrokerToChild = { type: 'grant' };
export type ChildToParent =
  | { type: 'acquire' }
  | { type: 'release' }
  | { type: 'done'; roundMs: number[] }
  | { type: 'holding' }
  | { type: 'recovered'; ms: number }
  | { type: 'failed'; message: string };

/** The benchmark's segment: the shared counter at controlSize, then the bakery. */
export function benchBakery(layout: SegmentLayout): BakeryLayout {
  return new BakeryLayout(layout.workers, layout.controlSize + 8);
}

/** What the parent makes for one lock benchmark, whichever design runs: the segment, a lock file's path and the token's FIFO. */
export interface BenchLockFiles {
  layout: SegmentLayout;
  segment: SharedSegment;
  pipes: TokenPipes;
  /** The job's fields that name them. */
  paths: Pick<LockJob, 'segmentPath' | 'lockPath' | 'pipePath'>;
  /** Removes all three; never throws. */
  destroy(): void;
}

export function createLockFiles(workers: number): BenchLockFiles {
  const layout = new SegmentLayout(workers, 1);
  const segment = SharedSegment.create(newSegmentPath(), layout.controlSize + 8 + benchBakery(layout).size);
  const lockPath = join(segmentDirectory(), `racedemo-bench-lock-${process.pid}`);
  rmSync(lockPath, { force: true });
  const pipes = TokenPipes.create([lockPipePath(segment.path, 0)]);
  pipes.reset();
  return {
    layout,
    segment,
    pipes,
    paths: { segmentPath: segment.path, lockPath, pipePath: pipes.paths[0] ?? '' },
    destroy: () => {
      segment.destroy();
      pipes.destroy();
      rmSync(lockPath, { force: true });
    },
  };
}

export function bakeryLock(segment: SharedSegment, layout: SegmentLayout, me: number): ChildLock {
  const bakery = new BakeryLock(segment, benchBakery(layout), me);
  return { acquire: () => bakery.acquire(), release: () => bakery.release() };
}

export function tokenLock(pipePath: string): ChildLock {
  const [token] = TokenPipes.open([pipePath]).locks();
  if (!token) throw new Error('no token lock');
  return { acquire: () => token.acquire(), release: () => token.release() };
}

/** Asks the parent for the lock and waits for its grant; one IPC round trip per acquire. */
export function brokerLock(send: (message: ChildToParent) => void): ChildLock & { granted(): void } {
  let waiting: (() => void) | undefined;
  return {
    acquire: () =>
      new Promise<void>((resolve) => {
        waiting = resolve;
        send({ type: 'acquire' });
      }),
    release: async () => send({ type: 'release' }),
    granted: () => {
      const resolve = waiting;
      waiting = undefined;
      resolve?.();
    },
  };
}

/**
 * A lock file: whoever creates `path` with O_CREAT|O_EXCL holds the lock and
 * writes its pid into it; release deletes it. A waiter that keeps failing
 * checks whether the owner still lives and deletes a dead owner's file. That
 * check is racy: between reading the pid and unlinking, the file may have
 * changed hands, and the unlink then frees a live holder's lock.
 */
export function lockFile(path: string, staleCheckEvery = 64): ChildLock {
  const pid = Buffer.from(String(process.pid));
  let failures = 0;
  const tryTake = (): boolean => {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, pid);
      closeSync(fd);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (++failures % staleCheckEvery === 0) removeIfStale(path);
      return false;
    }
  };
  return {
    acquire: () => waitUntil(tryTake),
    release: async () => unlinkSync(path),
  };
}

function removeIfStale(path: string): void {
  let owner: number;
  try {
    owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
  } catch {
    return; // released meanwhile
  }
  if (!(owner > 0)) return; // created but its pid not yet written: a live owner
  try {
    process.kill(owner, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') return;
    try {
      unlinkSync(path);
    } catch {
      // another waiter removed it first
    }
  }
}

export const noLockAtAll: ChildLock = { acquire: async () => {}, release: async () => {} };
