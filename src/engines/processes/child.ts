// A child process of the processes engine: opens the segment, imports the
// scenario once, then runs one worker body per 'trial' message, starting only
// when every child has reached the start barrier in the segment.
import { messageOf } from '../../errors.js';
import { availableParallelism } from 'node:os';
import { MemoryLayout } from '../../memory/layout.js';
import { lockFrom, workerLocks } from '../../lock.js';
import { lockNamesOf } from '../../deadlock.js';
import type { Lock, Scenario } from '../../scenario.js';
import { requireScenarioModule } from '../../scenario-module.js';
import { openSession, type StoreSession } from '../../stores/store.js';
import { runWorker } from '../../worker-runtime.js';
import { BakeryLock } from './lock.js';
import type { ToChild, ToParent } from './messages.js';
import { SegmentLayout, SharedSegment } from './segment.js';
import { waitUntil } from './wait.js';

type Init = Extract<ToChild, { type: 'init' }>;

interface Prepared {
  init: Init;
  scenario: Scenario;
  layout: MemoryLayout;
  segment: SharedSegment;
  segmentLayout: SegmentLayout;
  locks: Lock[];
  arrived: Buffer;
  session: StoreSession | undefined;
}

let prepared: Prepared | undefined;

function send(message: ToParent): void {
  process.send?.(message);
}

async function prepare(init: Init): Promise<Prepared> {
  const scenario = await requireScenarioModule(init.scenarioUrl);
  const segment = SharedSegment.open(init.segmentPath);
  const lockNames = lockNamesOf(scenario);
  const segmentLayout = new SegmentLayout(init.workers, lockNames.length);
  const layout = new MemoryLayout(scenario.memory(init.options));
  const session = init.store ? await openSession(init.store, layout, lockNames) : undefined;
  const locks = workerLocks(lockNames.length, init.lock, session?.locks, (index) => {
    const bakery = new BakeryLock(segment, segmentLayout, init.worker - 1, index);
    return lockFrom(
      () => bakery.acquire(),
      () => bakery.release(),
    );
  });
  return { init, scenario, layout, segment, segmentLayout, locks, arrived: Buffer.alloc(init.workers * 4), session };
}

/**
 * How long a child spins at the start barrier before backing off. The last
 * child's IPC message can take milliseconds to arrive; a child that sleeps
 * meanwhile wakes up late and runs its whole trial alone. With more workers
 * than cores, spinning only steals the CPU from the others: spin briefly.
 */
const BARRIER_SPIN_MS = 5;

/** Marks this worker as arrived for `trial` and waits until every worker has. */
async function startBarrier({ segment, segmentLayout, init, arrived }: Prepared, trial: number): Promise<void> {
  segment.writeInt32(segmentLayout.arrivedOffset + (init.worker - 1) * 4, trial);
  await waitUntil(() => {
    segment.read(segmentLayout.arrivedOffset, arrived);
    for (let worker = 0; worker < init.workers; worker++) {
      if (arrived.readInt32LE(worker * 4) < trial) return false;
    }
    return true;
  }, init.workers <= availableParallelism() ? BARRIER_SPIN_MS : 0.05);
}

async function runTrial(trial: number): Promise<void> {
  if (!prepared) throw new Error('trial before init');
  const { scenario, layout, segment, segmentLayout, locks, init, session } = prepared;
  await startBarrier(prepared, trial);
  const report = await runWorker({
    scenario,
    layout,
    access: session?.access ?? segment.memoryAccess(segmentLayout.memoryOffset),
    locks,
    ...(init.lock && locks.length > 1 ? { board: segment.board(segmentLayout) } : {}),
    options: init.options,
    worker: init.worker,
    trace: init.trace,
  });
  send({ type: 'report', trial, report });
}

process.on('message', (message: ToChild) => {
  if (message.type === 'init') {
    prepare(message).then(
      (ready) => {
        prepared = ready;
        send({ type: 'ready' });
      },
      (error: unknown) => send({ type: 'init-failed', message: messageOf(error) }),
    );
  } else {
    void runTrial(message.trial);
  }
});

// The parent handles Ctrl-C for the whole run and kills its children itself;
// a child that outlives its parent (SIGKILLed parent) leaves with the channel.
process.on('SIGINT', () => {});
process.on('disconnect', () => process.exit(0));
