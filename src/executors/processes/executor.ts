// Forked Node children, `workers` of them, started once and kept for the run.
// With local memory, trials run in batches: the parent tells every child to
// run trials `first` to `first + count - 1`; the children run them back to
// back, meeting at the segment's barriers, with no message between trials (an
// IPC round trip costs about as much as a whole unlocked trial), and the
// leader keeps each trial's time and final image in the segment's ring. With
// memory the parent must reset and read (not local), a batch is one trial
// (executors/steps.ts). A child's exit, a trial that makes no progress for
// --timeout, or a deadlock ends the batch; the trials completed before it
// still count. The children inherit the segment's, the lock pipes' and the
// memory's open descriptors, so their names are unlinked at once and nothing
// is left behind even by a kill -9; the children are killed on every way out,
// including a plain process exit (see killOnExit).
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { messageOf, RunFailedError } from '../../errors.js';
import type { WorkerReport } from '../../worker/runtime.js';
import { SharedFile, newSharedFilePath } from '../../memory/shared-file.js';
import { STARTUP_MS, closeOnAbort, type CrewResult, type Executor, type ExecutorMemory, type ExecutorSpec, type Failure, type TrialOutcome } from '../executor.js';
import { TrialSteps } from '../steps.js';
import { watchForDeadlock } from '../../worker/deadlock.js';
import { TokenPipes } from './lock.js';
import type { ToChild, ToParent } from './messages.js';
import { SegmentLayout, lockPipePath, readSegmentBoard } from './segment.js';
import { exitOf, forgetOnExit, killOnExit, waitForReady } from './child-process.js';
import { collectBatch, nextBatchSize, ringSlots, watchProgress, type FinishedBatch } from './batch.js';
import { childInit } from './init.js';

const childFile = new URL('./child.js', import.meta.url);

/** How long a failed message waits for the child's exit, which says why it failed. */
const EXIT_GRACE_MS = 1000;

interface PendingBatch {
  first: number;
  reports: Map<number, WorkerReport[]>;
  /** Ends the batch: with nothing when every child reported, or with the failure that cut it short (and the last trial that counts). */
  finish: (failure?: Failure, completed?: number) => void;
}

type EndedBatch = Omit<FinishedBatch, 'first' | 'count'>;

export class ProcessesExecutor implements Executor {
  private readonly children: ChildProcess[] = [];
  /** Whether the leader resets the memory and keeps each trial's image (local memory): then trials run in batches. */
  private readonly batched: boolean;
  private pending: PendingBatch | undefined;
  private dead: { worker: number; message: string } | undefined;
  private batchSize = 1;
  private closed = false;

  private constructor(
    private readonly spec: ExecutorSpec,
    private readonly memory: ExecutorMemory,
    private readonly segmentLayout: SegmentLayout,
    private readonly segment: SharedFile,
    private readonly pipes: TokenPipes,
  ) {
    this.batched = memory.local;
  }

  static async start(spec: ExecutorSpec, memory: ExecutorMemory): Promise<ProcessesExecutor> {
    const imageSize = memory.local ? spec.imageSize : 0;
    const segmentLayout = new SegmentLayout(spec.workers, spec.lockNames.length, imageSize, ringSlots(imageSize, memory.local));
    const segment = SharedFile.create(newSharedFilePath(), segmentLayout.size);
    // Locks of our own only when the lock is on and the memory brings none.
    const lockCount = spec.lock && !memory.ownLocks ? segmentLayout.locks : 0;
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
    pipes.reset();
    const executor = new ProcessesExecutor(spec, memory, segmentLayout, segment, pipes);
    killOnExit(executor);
    try {
      await closeOnAbort(executor, spec.signal, () => executor.startChildren());
    } catch (error) {
      await executor.close();
      throw error;
    }
    return executor;
  }

  private async startChildren(): Promise<void> {
    const { timeoutMs, workers } = this.spec;
    const started: Promise<void>[] = [];
    let failed = false;
    for (let worker = 1; worker <= workers; worker++) {
      // A fork blocks this thread for milliseconds: yield between forks, so that Ctrl-C is seen at once
      // (its abort closes the executor) instead of after all of them; stop forking once closed or failed.
      if (worker > 1) await new Promise((resolve) => setImmediate(resolve));
      if (this.closed || failed) break;
      // The child's stdout goes to our stderr: a scenario's console.log must never corrupt JSON on stdout.
      const inherited = [this.segment.fd, ...this.pipes.fds, ...this.memory.fds];
      const child = fork(childFile, [String(process.pid)], { stdio: ['ignore', 2, 2, 'ipc', ...inherited], execArgv: [], serialization: 'advanced' });
      this.children.push(child);
      const ready = waitForReady(child, worker, timeoutMs + STARTUP_MS);
      ready.catch(() => (failed = true)); // seen by Promise.all below; handled now, since forking goes on meanwhile
      started.push(ready);
      child.on('message', (message: ToParent) => this.onMessage(worker, message));
      child.on('exit', (code, signal) => this.onExit(worker, code, signal));
      child.on('error', (error) => this.onChildError(worker, child, error));
      const init = childInit(this.spec, this.memory, this.segmentLayout, this.pipes.fds.length, worker, this.batched);
      // A fork that failed (EMFILE) has no channel; its 'error' fails waitForReady.
      if (child.pid !== undefined) child.send(init);
    }
    await Promise.all(started);
    if (this.closed) throw new RunFailedError('the engine was closed while its workers started');
  }

  run(trials: number, signal?: AbortSignal): AsyncIterable<TrialOutcome> {
    return this.batched ? this.batches(trials, signal) : new TrialSteps(this.memory, [this]).run(trials, signal);
  }

  /** Trials in batches sized towards a target time; no message between the trials of a batch. */
  private async *batches(trials: number, signal?: AbortSignal): AsyncGenerator<TrialOutcome> {
    const stop = (): void => void this.close();
    signal?.addEventListener('abort', stop, { once: true });
    try {
      for (let first = 1; first <= trials && !this.closed; ) {
        const count = Math.min(this.batchSize, trials - first + 1);
        const started = performance.now();
        const ended = await this.runChildren(first, count);
        // Closed (Ctrl-C, or the runner is done): nothing more to say.
        if (this.closed) return;
        for (const outcome of collectBatch(this.segment, this.segmentLayout, this.spec.trace, { first, count, ...ended })) {
          yield outcome;
          if (outcome.state !== 'completed') return;
        }
        first += count;
        this.batchSize = nextBatchSize(this.batchSize, performance.now() - started, this.segmentLayout.ringSlots, this.spec.trace);
      }
    } finally {
      signal?.removeEventListener('abort', stop);
    }
  }

  /** One trial as a crew (the memory is not local: the parent resets and reads it around this). */
  async runTrial(trial: number): Promise<CrewResult> {
    // A dead child is runChildren's to report; closed children cannot be sent a trial.
    if (this.closed) return { state: 'crashed', worker: 0, message: 'the workers were stopped' };
    const { reports, failure } = await this.runChildren(trial, 1);
    if (failure) return failure;
    const done = reports.flatMap((each) => each.filter((report) => report.state === 'done'));
    const steps = done.flatMap((report) => report.steps ?? []);
    const spans = done.flatMap((report) => (report.span ? [report.span] : []));
    return { state: 'done', spans, ...(this.spec.trace ? { steps } : {}) };
  }

  /** Starts the batch and resolves when it ends: every child reported, or a failure cut it short. */
  private runChildren(first: number, count: number): Promise<EndedBatch> {
    const { segment, segmentLayout, spec } = this;
    // A child that died between batches: the batch would only wait for it.
    if (this.dead) return Promise.resolve({ reports: [], failure: { state: 'crashed', ...this.dead }, lastCounted: first - 1 });
    // No reset here: the leader left the segment and the pipes ready after the last trial, and a
    // batch that stopped early (a body threw) ended the run.
    return new Promise((resolve) => {
      const reports = new Map<number, WorkerReport[]>();
      const finish = (failure?: Failure, completed?: number): void => {
        stopWatchingProgress();
        stopWatchingLocks();
        this.pending = undefined;
        resolve({ reports: [...reports.values()], ...(failure ? { failure } : {}), ...(completed === undefined ? {} : { lastCounted: completed }) });
      };
      const stopWatchingProgress = watchProgress(segment, segmentLayout, { first, count, workers: this.children.length, timeoutMs: spec.timeoutMs }, finish);
      const stopWatchingLocks = spec.watchDeadlock
        ? watchForDeadlock(() => readSegmentBoard(segment, segmentLayout), spec.lockNames, (cycle) => finish({ state: 'deadlocked', cycle }))
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
      // The thrower passed the barrier of its trial, so the leader had closed the one before.
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
    this.pending?.finish({ state: 'crashed', worker: 0, message: 'the workers were stopped' });
    await Promise.all(exited);
  }
}
