// Forked Node children, `workers` of them, started once and kept for the run.
// Trials run in batches: the parent tells every child to run trials `first`
// to `first + count - 1`; the children run them back to back, meeting at the
// segment's barriers, with no message between trials (an IPC round trip costs
// about as much as a whole unlocked trial). Each trial's time and final image
// wait in the segment's ring until the batch ends. A child's exit, a trial
// that makes no progress for --timeout, or a deadlock ends the batch; the
// trials completed before it still count. The parent resets the segment and
// the lock pipes once, before trial 1; worker 1 does it after every trial
// (child.ts). The children inherit the segment's and the lock pipes' open
// descriptors, so their names are unlinked at once and nothing is left behind
// even by a kill -9; the children are killed on every way out, including a
// plain process exit (see cleanupOnExit).
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { messageOf, RunFailedError } from '../../errors.js';
import type { WorkerReport } from '../../worker-runtime.js';
import { STARTUP_MS, closeOnAbort, localWorkers, type Engine, type EngineSetup, type TrialOutcome } from '../engine.js';
import { watchForDeadlock } from '../../deadlock.js';
import { lockNamesOf } from '../../lock-names.js';
import { TokenPipes } from './lock.js';
import type { ToChild, ToParent } from './messages.js';
import { SegmentLayout, SharedSegment, lockPipePath, newSegmentPath } from './segment.js';
import { exitOf, waitForReady } from './child-process.js';
import { overlapped } from '../../overlap.js';

const childFile = new URL('./child.js', import.meta.url);
/** Where a child finds its inherited descriptors: after stdin, stdout, stderr and the IPC channel. */
const FIRST_INHERITED_FD = 4;

type Failure = Exclude<TrialOutcome, { state: 'completed' }>;

/** The ring's size: the most final images a batch keeps in the segment. */
const RING_BYTES = 256 * 1024;
/** The most trials in one batch; fewer when traced, since every step comes back in one message. */
const MAX_BATCH = 256;
const MAX_TRACED_BATCH = 16;
/** A batch aims at about this long: enough to spread its two messages thin, short enough for streamed output and progress. */
const BATCH_TARGET_MS = 100;
/** How long a failed message waits for the child's exit, which says why it failed. */
const EXIT_GRACE_MS = 1000;

interface PendingBatch {
  first: number;
  reports: Map<number, WorkerReport[]>;
  /** Ends the batch: with nothing when every child reported, or with the failure that cut it short (and the last trial that counts). */
  finish: (failure?: Failure, completed?: number) => void;
}

const liveEngines = new Set<ProcessesEngine>();
let exitHookInstalled = false;

/** Last line of defence: a synchronous kill and unlink when the process exits for any reason. */
function cleanupOnExit(engine: ProcessesEngine): void {
  liveEngines.add(engine);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const live of liveEngines) live.destroyNow();
  });
}

export class ProcessesEngine implements Engine {
  readonly name = 'processes';
  private readonly lockNames: string[];
  private readonly children: ChildProcess[] = [];
  /** Outcomes of trials already run, waiting for runTrial() to ask. */
  private readonly outcomes: TrialOutcome[] = [];
  private pending: PendingBatch | undefined;
  private dead: { worker: number; message: string } | undefined;
  private nextTrial = 1;
  private batchSize = 1;
  private closed = false;

  private constructor(
    private readonly setup: EngineSetup,
    private readonly segmentLayout: SegmentLayout,
    private readonly segment: SharedSegment,
    private readonly pipes: TokenPipes,
  ) {
    this.lockNames = lockNamesOf(setup.scenario);
  }

  static async start(setup: EngineSetup): Promise<ProcessesEngine> {
    const segmentLayout = new SegmentLayout(localWorkers(setup), lockNamesOf(setup.scenario).length, setup.layout.size, ringSlots(setup));
    const segment = SharedSegment.create(newSegmentPath(), segmentLayout.size);
    // Locks of our own only when the lock is on and no store brings its own.
    const lockCount = setup.lock && !setup.store ? segmentLayout.locks : 0;
    let pipes: TokenPipes;
    try {
      pipes = TokenPipes.create(Array.from({ length: lockCount }, (_, index) => lockPipePath(segment.path, index)));
    } catch (error) {
      segment.destroy();
      throw error;
    }
    // Open here and inherited by the children: no one needs the names any more.
    segment.unlink();
    pipes.unlink();
    segment.write(segmentLayout.resetOffset, segmentLayout.resetImage(setup.layout.initialImage()));
    pipes.reset();
    const engine = new ProcessesEngine(setup, segmentLayout, segment, pipes);
    cleanupOnExit(engine);
    try {
      await closeOnAbort(engine, setup.signal, () => engine.startChildren());
    } catch (error) {
      await engine.close();
      throw error;
    }
    return engine;
  }

  private async startChildren(): Promise<void> {
    const { options, scenarioUrl, lock, trace, timeoutMs, store } = this.setup;
    const { workers, ringSlots } = this.segmentLayout;
    const started: Promise<void>[] = [];
    let failed = false;
    for (let worker = 1; worker <= workers; worker++) {
      // A fork blocks this thread for milliseconds: yield between forks, so that Ctrl-C is seen at once
      // (its abort closes the engine) instead of after all of them; stop forking once closed or failed.
      if (worker > 1) await new Promise((resolve) => setImmediate(resolve));
      if (this.closed || failed) break;
      // The child's stdout goes to our stderr: a scenario's console.log must never corrupt JSON on stdout.
      const inherited = [this.segment.fd, ...this.pipes.fds];
      const child = fork(childFile, [String(process.pid)], { stdio: ['ignore', 2, 2, 'ipc', ...inherited], execArgv: [], serialization: 'advanced' });
      this.children.push(child);
      const ready = waitForReady(child, worker, timeoutMs + STARTUP_MS);
      ready.catch(() => (failed = true)); // seen by Promise.all below; handled now, since forking goes on meanwhile
      started.push(ready);
      child.on('message', (message: ToParent) => this.onMessage(worker, message));
      child.on('exit', (code, signal) => this.onExit(worker, code, signal));
      child.on('error', (error) => this.onChildError(worker, child, error));
      const init: ToChild = {
        type: 'init',
        segmentFd: FIRST_INHERITED_FD,
        lockFds: this.pipes.fds.map((_, index) => FIRST_INHERITED_FD + 1 + index),
        scenarioUrl,
        options,
        workers,
        ringSlots,
        lock,
        trace,
        worker,
        ...(store ? { store } : {}),
      };
      // A fork that failed (EMFILE) has no channel; its 'error' fails waitForReady.
      if (child.pid !== undefined) child.send(init);
    }
    await Promise.all(started);
    if (this.closed) throw new RunFailedError('the engine was closed while its workers started');
  }

  async runTrial(): Promise<TrialOutcome> {
    if (this.outcomes.length === 0) await this.runBatch();
    return this.outcomes.shift() ?? { state: 'crashed', worker: 0, message: 'engine closed' };
  }

  private async runBatch(): Promise<void> {
    if (this.closed || this.dead) {
      this.outcomes.push({ state: 'crashed', ...(this.dead ?? { worker: 0, message: 'engine closed' }) });
      return;
    }
    const first = this.nextTrial;
    const count = Math.max(1, Math.min(this.batchSize, (this.setup.trials ?? first) - first + 1));
    this.nextTrial += count;
    const started = performance.now();
    const { reports, failure, completed } = await this.runChildren(first, count);
    if (this.closed) {
      this.outcomes.push(failure ?? { state: 'crashed', worker: 0, message: 'engine closed' });
      return;
    }
    this.outcomes.push(...this.collect(first, count, reports, failure, completed));
    this.resizeBatch(performance.now() - started);
  }

  /** Starts the batch and resolves when it ends: every child reported, or a failure cut it short. */
  private runChildren(first: number, count: number): Promise<{ reports: WorkerReport[][]; failure?: Failure; completed?: number }> {
    const { segment, segmentLayout, setup } = this;
    // No reset here: worker 1 left the segment and the pipes ready after the last trial, and a
    // batch that stopped early (a body threw) ended the run.
    return new Promise((resolve) => {
      const reports = new Map<number, WorkerReport[]>();
      const finish = (failure?: Failure, completed?: number): void => {
        stopWatchingProgress();
        stopWatchingLocks();
        this.pending = undefined;
        resolve({ reports: [...reports.values()], ...(failure ? { failure } : {}), ...(completed === undefined ? {} : { completed }) });
      };
      const stopWatchingProgress = this.watchProgress(first, count, finish);
      const stopWatchingLocks =
        setup.lock && this.lockNames.length > 1
          ? watchForDeadlock(() => segment.readBoard(segmentLayout), this.lockNames, (cycle) => finish({ state: 'deadlocked', cycle }))
          : () => {};
      this.pending = { first, reports, finish };
      const go: ToChild = { type: 'batch', first, count };
      for (const child of this.children) child.send(go);
    });
  }

  /**
   * Calls `hung` when no trial has completed for --timeout: polled, since the
   * children send nothing between trials. Once the last trial has completed,
   * the batch only waits for the children's reports, which no timeout limits.
   */
  private watchProgress(first: number, count: number, hung: (failure: Failure, completed: number) => void): () => void {
    const { timeoutMs } = this.setup;
    let completed = first - 1;
    let since = performance.now();
    const timer = setInterval(
      () => {
        const now = this.segment.readInt32(this.segmentLayout.completedOffset);
        if (now !== completed) {
          completed = now;
          since = performance.now();
          if (completed >= first + count - 1) clearInterval(timer);
        } else if (performance.now() - since >= timeoutMs) {
          hung({ state: 'hung', workers: this.unfinished(completed + 1), afterMs: timeoutMs }, completed);
        }
      },
      Math.min(250, Math.max(5, timeoutMs / 8)),
    );
    return () => clearInterval(timer);
  }

  /** The workers whose body has not finished `trial` (the leader when all have and it has not closed the trial). */
  private unfinished(trial: number): number[] {
    const workers = this.children.map((_, index) => index + 1);
    const late = workers.filter((worker) => this.segment.readInt32(this.segmentLayout.doneOffset + (worker - 1) * 4) < trial);
    return late.length > 0 ? late : [1];
  }

  /** The batch's outcomes: its completed trials from the ring, then the failure if any. */
  private collect(first: number, count: number, reports: WorkerReport[][], failure?: Failure, lastCounted?: number): TrialOutcome[] {
    const { segment, segmentLayout, setup } = this;
    const collected: TrialOutcome[] = [];
    const completed = lastCounted ?? segment.readInt32(segmentLayout.completedOffset);
    for (let trial = first; trial <= completed; trial++) {
      const entry = segment.read(segmentLayout.ringEntryOffset(trial, first), Buffer.alloc(segmentLayout.ringEntrySize));
      const image = new Uint8Array(entry.subarray(8, 8 + setup.layout.size));
      const ofTrial = reports.flatMap((batch) => batch[trial - first] ?? []);
      const steps = setup.trace ? ofTrial.flatMap((report) => (report.state === 'done' ? (report.steps ?? []) : [])) : undefined;
      const spans = ofTrial.flatMap((report) => (report.state === 'done' && report.span ? [report.span] : []));
      collected.push({ state: 'completed', image, ms: entry.readDoubleLE(0), overlapped: overlapped(spans), ...(steps ? { steps } : {}) });
    }
    if (failure) collected.push(failure);
    else if (completed < first + count - 1) collected.push({ state: 'crashed', worker: 1, message: `the batch ended after trial ${completed}` });
    return collected;
  }

  /** Grows or shrinks the next batch towards BATCH_TARGET_MS. */
  private resizeBatch(elapsedMs: number): void {
    const most = Math.min(this.segmentLayout.ringSlots, this.setup.trace ? MAX_TRACED_BATCH : MAX_BATCH);
    if (elapsedMs < BATCH_TARGET_MS / 2) this.batchSize = Math.min(most, this.batchSize * 2);
    else if (elapsedMs > BATCH_TARGET_MS * 2) this.batchSize = Math.max(1, Math.floor(this.batchSize / 2));
  }

  private onMessage(worker: number, message: ToParent): void {
    const pending = this.pending;
    if (!pending) return;
    if (message.type === 'threw' && message.trial >= pending.first) {
      // The thrower passed the barrier of its trial, so worker 1 had closed the one before.
      const { message: thrown, stack } = message.report;
      pending.finish({ state: 'threw', worker, message: thrown, ...(stack ? { stack } : {}) }, message.trial - 1);
    } else if (message.type === 'batch-done' && message.first === pending.first) {
      pending.reports.set(worker, message.reports);
      if (pending.reports.size === this.children.length) pending.finish();
    }
  }

  private onExit(worker: number, code: number | null, signal: NodeJS.Signals | null): void {
    this.onLost(worker, signal ? `child process killed by ${signal}` : `child process exited with code ${code}`);
  }

  /**
   * A fork that failed (EMFILE) has no exit to come: it is lost now. A message to a
   * child that has just died fails (EPIPE) before its exit arrives, which says why
   * it died: wait a little for that, then report the failed message itself.
   */
  private onChildError(worker: number, child: ChildProcess, error: Error): void {
    const message = `child process unreachable: ${messageOf(error)}`;
    if (child.pid === undefined) this.onLost(worker, message);
    else setTimeout(() => this.onLost(worker, message), EXIT_GRACE_MS).unref();
  }

  private onLost(worker: number, message: string): void {
    if (this.closed) return;
    this.dead ??= { worker, message };
    // The OS told us a worker is gone, maybe holding a lock: put the tokens back so survivors cannot
    // deadlock. A survivor may hold one too, so the trial under way is thrown away: only those
    // completed before this moment count.
    const completed = this.segment.readInt32(this.segmentLayout.completedOffset);
    this.pipes.reset();
    this.pending?.finish({ state: 'crashed', worker, message }, completed);
  }

  /** Synchronous teardown: kill every child, delete the segment. */
  destroyNow(): void {
    this.closed = true;
    for (const child of this.children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    this.segment.destroy();
    this.pipes.destroy();
    liveEngines.delete(this);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const exited = this.children.map((child) => exitOf(child));
    this.destroyNow();
    this.pending?.finish({ state: 'crashed', worker: 0, message: 'engine closed' });
    await Promise.all(exited);
  }
}

/** Trials one batch may hold. With a store, the store engine resets and reads the slots around every trial: one. */
function ringSlots(setup: EngineSetup): number {
  if (setup.store) return 1;
  return Math.max(1, Math.min(MAX_BATCH, Math.floor(RING_BYTES / (8 + setup.layout.size))));
}
