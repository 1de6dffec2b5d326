// What happens to each cross-process lock design when its holder dies: one
// child takes the lock and is SIGKILLed holding it; the other then asks for
// it. Reports how long the survivor waited, or that it never got the lock.
// The parent does for the bakery what racedemo's engine does (engine.ts): on
// a child's exit it clears that child's bakery entries.
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { clearBakeryEntries } from '../src/engines/processes/lock.js';
import { SegmentLayout, SharedSegment, newSegmentPath, segmentDirectory } from '../src/engines/processes/segment.js';
import type { ChildToParent, LockJob, ProcessDesign } from './lock-designs.js';
import { fixed } from './measure.js';
import { Broker } from './process-locks.js';

const childFile = new URL('./lock-child.js', import.meta.url);
const GIVE_UP_MS = 5_000;

export interface RecoveryFigures {
  design: ProcessDesign;
  /** ms from the survivor's acquire to the grant, the holder having been killed; null: it never came. */
  survivorWaitedMs: number | null;
}

export async function holderDies(design: Exclude<ProcessDesign, 'none'>): Promise<RecoveryFigures> {
  const layout = new SegmentLayout(2, 1);
  const segment = SharedSegment.create(newSegmentPath(), layout.memoryOffset + 8);
  const lockPath = join(segmentDirectory(), `racedemo-bench-lock-${process.pid}`);
  rmSync(lockPath, { force: true });
  const broker = new Broker();
  const children: ChildProcess[] = [];
  const job = (me: number, role: 'die' | 'wait'): LockJob => ({
    type: 'job', design, segmentPath: segment.path, lockPath, me, workers: 2, ops: 1, rounds: 1, role,
  });
  try {
    const waited = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => resolve(null), GIVE_UP_MS);
      for (const me of [0, 1]) {
        const child = fork(childFile, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [], serialization: 'advanced' });
        children.push(child);
        child.on('message', (message: ChildToParent) => {
          if (message.type === 'holding') children[1]?.send(job(1, 'wait'));
          else if (message.type === 'recovered') {
            clearTimeout(timer);
            resolve(message.ms);
          } else if (message.type === 'failed') reject(new Error(message.message));
          else if (message.type === 'acquire' || message.type === 'release') broker.handle(child, message.type);
        });
        child.on('exit', () => {
          // The OS tells the parent at once; each design gets what it would do with that news.
          if (design === 'bakery') clearBakeryEntries(segment, layout, me);
          if (design === 'broker') broker.gone(child);
        });
      }
      children[0]?.send(job(0, 'die'));
    });
    return { design, survivorWaitedMs: waited === null ? null : fixed(waited, 2) };
  } finally {
    for (const child of children) child.kill('SIGKILL');
    segment.destroy();
    rmSync(lockPath, { force: true });
  }
}
