// A child process of the process-lock benchmark. It receives one job, then,
// for each round, meets the other children at a barrier in the shared
// segment and runs `ops` acquire → critical section → release cycles, the
// critical section being an unguarded read and write of a shared counter (so
// the parent can check that no increment was lost). It reports each round's ms.
// With a role, it plays one side of the holder-dies test instead.
import { performance } from 'node:perf_hooks';
import { SegmentLayout } from '../src/executors/processes/segment.js';
import { SharedFile as SharedSegment } from '../src/memory/shared-file.js';
import { waitUntil } from '../src/executors/processes/wait.js';
import {
  bakeryLock,
  brokerLock,
  lockFile,
  noLockAtAll,
  tokenLock,
  type BrokerToChild,
  type ChildLock,
  type ChildToParent,
  type LockJob,
} from './lock-designs.js';

const send = (message: ChildToParent): void => void process.send?.(message);
let broker: ReturnType<typeof brokerLock> | undefined;

async function run(job: LockJob): Promise<number[]> {
  const segment = SharedSegment.open(job.segmentPath);
  const layout = new SegmentLayout(job.workers, 1);
  const counter = layout.controlSize;
  const lock = chooseLock(job, segment, layout);
  const arrived = Buffer.alloc(job.workers * 4);
  const roundMs: number[] = [];
  for (let round = 1; round <= job.rounds; round++) {
    segment.writeInt32(layout.arrivedOffset + job.me * 4, round);
    await waitUntil(() => {
      segment.read(layout.arrivedOffset, arrived);
      for (let worker = 0; worker < job.workers; worker++) if (arrived.readInt32LE(worker * 4) < round) return false;
      return true;
    });
    const started = performance.now();
    for (let op = 0; op < job.ops; op++) {
      await lock.acquire();
      segment.writeInt32(counter, segment.readInt32(counter) + 1);
      await lock.release();
    }
    roundMs.push(performance.now() - started);
  }
  segment.close();
  return roundMs;
}

/** The holder-dies test: the 'die' child takes the lock and is killed holding it; the 'wait' child times its acquire. */
async function recovery(job: LockJob): Promise<void> {
  const segment = SharedSegment.open(job.segmentPath);
  const lock = chooseLock(job, segment, new SegmentLayout(job.workers, 1));
  if (job.role === 'die') {
    await lock.acquire();
    send({ type: 'holding' });
    setTimeout(() => process.kill(process.pid, 'SIGKILL'), 1);
    return;
  }
  const started = performance.now();
  await lock.acquire();
  send({ type: 'recovered', ms: performance.now() - started });
  await lock.release();
}

function chooseLock(job: LockJob, segment: SharedSegment, layout: SegmentLayout): ChildLock {
  switch (job.design) {
    case 'tokens':
      return tokenLock(job.pipePath);
    case 'bakery':
      return bakeryLock(segment, layout, job.me);
    case 'broker':
      broker = brokerLock(send);
      return broker;
    case 'lockfile':
      return lockFile(job.lockPath);
    case 'none':
      return noLockAtAll;
  }
}

process.on('message', (message: LockJob | BrokerToChild) => {
  if (message.type === 'grant') {
    broker?.granted();
    return;
  }
  if (message.role) {
    recovery(message).catch((error: unknown) => send({ type: 'failed', message: String(error) }));
    return;
  }
  run(message).then(
    (roundMs) => send({ type: 'done', roundMs }),
    (error: unknown) => send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
