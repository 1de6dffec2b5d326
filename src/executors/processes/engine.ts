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
// plain process exit (see killOnExit).
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { messageOf, RunFailedError } from '../../errors.js';
import type { WorkerReport } from '../../worker/runtime.js';
import { STARTUP_MS, closeOnAbort, localWorkers, type Engine, type EngineSetup, type TrialOutcome } from '../executor.js';
import { watchForDeadlock } from '../../worker/deadlock.js';
import { lockNamesOf } from '../../scenario/lock-names.js';
import { TokenPipes } from './lock.js';
import type { ToChild, ToParent } from './messages.js';
import { SegmentLayout, SharedSegment, lockPipePath, newSegmentPath } from './segment.js';
import { exitOf, forgetOnExit, killOnExit, waitForReady } from './child-process.js';
import { collectBatch, nextBatchSize, ringSlots, watchProgress, type Failure, type FinishedBatch } from './batch.js';

const childFile = new URL('./child.js', import.meta.url);
/** Where a child finds its inherited descriptors: after stdin, stdout, stderr and the IPC channel. */
const FIRST_INHERITED_FD = 4;

/** How long a failed message waits for the child's exit, which says why it failed. */
const EXIT_GRACE_MS = 1000;

interface PendingBatch {
  first: number;
  reports: Map<number, WorkerReport[]>;
  /** Ends the batch: with nothing when every child reported, or with the failure that cut it short (and the last trial that counts). */
  finish: (failure?: Failure, completed?: number) => void;
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
    killOnExit(engine);
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
    const ended = await this.runChildren(first, count);
    if (this.closed) {
      this.outcomes.push(ended.failure ?? { state: 'crashed', worker: 0, message: 'engine closed' });
      return;
    }
    this.outcomes.push(...collectBatch(this.segment, this.segmentLayout, this.setup, { first, count, ...ended }));
    this.batchSize = nextBatchSize(this.batchSize, performance.now() - started, this.segmentLayout.ringSlots, this.setup.trace);
  }

  /** Starts the batch and resolves when it ends: every child reported, or a failure cut it short. */
  private runChildren(first: number, count: number): Promise<Omit<FinishedBatch, 'first' | 'count'>> {
    const { segment, segmentLayout, setup } = this;
    // No reset here: worker 1 left the segment and the pipes ready after the last trial, and a
    // batch that stopped early (a body threw) ended the run.
    return new Promise((resolve) => {
      const reports = new Map<number, WorkerReport[]>();
      const finish = (failure?: Failure, completed?: number): void => {
        stopWatchingProgress();
        stopWatchingLocks();
        this.pending = undefined;
        resolve({ reports: [...reports.values()], ...(failure ? { failure } : {}), ...(completed === undefined ? {} : { lastCounted: completed }) });
      };
      const stopWatchingProgress = watchProgress(segment, segmentLayout, { first, count, workers: this.children.length, timeoutMs: setup.timeoutMs }, finish);
      const stopWatchingLocks =
        setup.lock && this.lockNames.length > 1
          ? watchForDeadlock(() => segment.readBoard(segmentLayout), this.lockNames, (cycle) => finish({ state: 'deadlocked', cycle }))
          : () => {};
      this.pending = { first, reports, finish };
      const go: ToChild = { type: 'batch', first, count };
      for (const child of this.children) child.send(go);
    });
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
    forgetOnExit(this);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const exited = this.children.map((child) => exitOf(child));
    this.destroyNow();
    this.pending?.finish({ state: 'crashed', worker: 0, message: 'engine closed' });
    await Promise.all(exited);
  }
}
