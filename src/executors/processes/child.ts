// A child process of the processes executor: takes the segment, lock pipes and
// memory it inherited, imports the scenario once, then runs each batch of
// trials on its own. The children meet at the segment's start barrier before
// every body; worker 1, the leader, waits for every body to finish, keeps the
// trial's time (and, with local memory, its final image) in the ring and
// resets the board, the locks and the memory for the next one. The parent is
// off the path between trials: it only starts a batch and collects the
// reports, so a trial costs no IPC round trip.
import { messageOf } from '../../errors.js';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { MemoryLayout } from '../../memory/layout.js';
import { lockFrom, workerLocks } from '../../worker/lock.js';
import { lockNamesOf } from '../../scenario/lock-names.js';
import type { Lock, Scenario } from '../../scenario/api.js';
import { requireScenarioModule } from '../../scenario/module.js';
import { inheritedAs, openWorkerMemory, type WorkerMemory } from '../../memory/backend.js';
import { SharedFile } from '../../memory/shared-file.js';
import { catchStrayErrors, runWorker, type WorkerReport } from '../../worker/runtime.js';
import { TokenPipes } from './lock.js';
import type { ToChild, ToParent } from './messages.js';
import { SegmentLayout, segmentBoard } from './segment.js';
import { waitUntil } from './wait.js';
import { watchParent } from './watchdog.js';

// racedemo passes its pid; from here on, this process dies with it, whatever its body is doing.
watchParent(Number(process.argv[2]));
catchStrayErrors();

type Init = Extract<ToChild, { type: 'init' }>;

interface Prepared {
  init: Init;
  scenario: Scenario;
  layout: MemoryLayout;
  segment: SharedFile;
  segmentLayout: SegmentLayout;
  /** This trial's locks: made afresh, since what a body held ends with its trial (worker 1 puts the tokens back). */
  locksForTrial: () => Lock[];
  memory: WorkerMemory;
  pipes: TokenPipes;
  /** arrived[] and stop, read together at the start barrier. */
  arrived: Buffer;
  /** done[], read at the end barrier (leader only). */
  done: Buffer;
  /** The lock board's zeros, written after every trial. */
  boardReset: Uint8Array;
  ringEntry: Buffer;
}

let prepared: Prepared | undefined;

function send(message: ToParent): void {
  process.send?.(message);
}

async function prepare(init: Init): Promise<Prepared> {
  const scenario = await requireScenarioModule(init.scenarioUrl);
  const segment = SharedFile.inherited(init.segmentFd);
  const lockNames = lockNamesOf(scenario);
  const layout = new MemoryLayout(scenario.memory(init.options));
  const segmentLayout = new SegmentLayout(init.workers, lockNames.length, init.batched ? layout.size : 0, init.ringSlots);
  const memory = await openWorkerMemory(inheritedAs(init.memory, init.memoryFds), layout, lockNames);
  const pipes = TokenPipes.inherited(init.lockFds);
  const tokenLocks = pipes.locks();
  const locksForTrial = (): Lock[] =>
    workerLocks(lockNames.length, init.lock, memory.locks, (index) => {
      const token = tokenLocks[index];
      if (!token) throw new Error(`no pipe for lock ${index}`);
      return lockFrom(
        () => token.acquire(),
        () => token.release(),
      );
    });
  return {
    init,
    scenario,
    layout,
    segment,
    segmentLayout,
    locksForTrial,
    memory,
    pipes,
    arrived: Buffer.alloc(init.workers * 4 + 4),
    done: Buffer.alloc(init.workers * 4),
    boardReset: segmentLayout.resetImage(),
    ringEntry: Buffer.alloc(segmentLayout.ringEntrySize),
  };
}

/**
 * How long a child spins at a barrier before backing off. A child that sleeps
 * wakes up late and runs its whole trial alone; with more workers than cores,
 * spinning only steals the CPU from the others: spin briefly.
 */
function spinMs(workers: number): number {
  return workers <= availableParallelism() ? 5 : 0.05;
}

/**
 * Marks this worker as arrived for `trial` and waits until every worker has.
 * False when a body threw in the trial before: the batch ends there. Stop is
 * read before arriving, so the leader (which reads it after every worker is
 * done) never arrives, and no one can pass a barrier that others have left.
 */
async function startBarrier({ segment, segmentLayout, init, arrived }: Prepared, trial: number): Promise<boolean> {
  const stopped = (): boolean => arrived.readInt32LE(segmentLayout.stopOffset) !== 0;
  segment.read(segmentLayout.arrivedOffset, arrived);
  if (stopped()) return false;
  segment.writeInt32(segmentLayout.arrivedOffset + (init.worker - 1) * 4, trial);
  let passed = false;
  await waitUntil(() => {
    segment.read(segmentLayout.arrivedOffset, arrived);
    // Everyone arrived: pass, even if a faster worker has since thrown in this very trial.
    passed = allReached(arrived, init.workers, trial);
    return passed || stopped();
  }, spinMs(init.workers));
  return passed;
}

/** Whether each of the first `workers` words has reached `trial`. */
function allReached(words: Buffer, workers: number, trial: number): boolean {
  for (let worker = 0; worker < workers; worker++) {
    if (words.readInt32LE(worker * 4) < trial) return false;
  }
  return true;
}

/** The leader's end of a trial: once every body is done, keep its time (and image), and reset for the next. */
async function closeTrial(prepared: Prepared, trial: number, first: number, started: number): Promise<void> {
  const { segment, segmentLayout, init, done, ringEntry, memory, boardReset, pipes } = prepared;
  await waitUntil(() => allReached(segment.read(segmentLayout.doneOffset, done), init.workers, trial), spinMs(init.workers));
  ringEntry.writeDoubleLE(performance.now() - started, 0);
  if (init.batched && memory.snapshot && memory.reset) {
    ringEntry.set(memory.snapshot(), 8);
    memory.reset();
  }
  segment.write(segmentLayout.ringEntryOffset(trial, first), ringEntry);
  segment.write(segmentLayout.resetOffset, boardReset);
  pipes.reset();
  segment.writeInt32(segmentLayout.completedOffset, trial);
}

async function runBatch(prepared: Prepared, first: number, count: number): Promise<WorkerReport[]> {
  const { scenario, layout, segment, segmentLayout, locksForTrial, init, memory } = prepared;
  const board = init.watchDeadlock ? { board: segmentBoard(segment, segmentLayout) } : {};
  const reports: WorkerReport[] = [];
  for (let trial = first; trial < first + count; trial++) {
    if (!(await startBarrier(prepared, trial))) break;
    const started = performance.now();
    const report = await runWorker({ scenario, layout, memory, locks: locksForTrial(), ...board, options: init.options, worker: init.worker, trace: init.trace });
    reports.push(report);
    if (report.state === 'threw') {
      send({ type: 'threw', trial, report });
      // Stop before done: whoever sees this worker done also sees the stop.
      segment.writeInt32(segmentLayout.stopOffset, trial);
    }
    segment.writeInt32(segmentLayout.doneOffset + (init.worker - 1) * 4, trial);
    if (init.worker === 1) await closeTrial(prepared, trial, first, started);
  }
  return reports;
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
  } else if (prepared) {
    const { first, count } = message;
    void runBatch(prepared, first, count).then((reports) => send({ type: 'batch-done', first, reports }));
  }
});

// The parent handles Ctrl-C for the whole run and kills its children itself;
// a child that outlives its parent (SIGKILLed parent) leaves with the channel,
// or, if its body blocks the event loop, by its watchdog.
process.on('SIGINT', () => {});
process.on('disconnect', () => process.exit(0));
