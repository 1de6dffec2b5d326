// Forked Node children, `workers` of them, started once and kept for the run.
// Each trial: the parent resets the segment, tells every child to go, and
// collects one report per child; a child's exit or a timeout ends the trial.
// The segment file and the children are removed on every way out, including
// a plain process exit (see cleanupOnExit).
import { fork, type ChildProcess } from 'node:child_process';
import { RunFailedError } from '../../errors.js';
import type { WorkerReport } from '../../worker-runtime.js';
import { STARTUP_MS, localWorkers, type Engine, type EngineSetup, type TrialOutcome } from '../engine.js';
import { lockNamesOf, watchForDeadlock } from '../../deadlock.js';
import { clearBakeryEntries } from './lock.js';
import type { ToChild, ToParent } from './messages.js';
import { SegmentLayout, SharedSegment, newSegmentPath } from './segment.js';

const childFile = new URL('./child.js', import.meta.url);

interface PendingTrial {
  trial: number;
  started: number;
  reports: Map<number, WorkerReport>;
  finish: (outcome: TrialOutcome) => void;
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
  private readonly segmentLayout: SegmentLayout;
  private readonly lockNames: string[];
  private readonly resetImage: Uint8Array;
  private readonly children: ChildProcess[] = [];
  private pending: PendingTrial | undefined;
  private dead: { worker: number; message: string } | undefined;
  private trial = 0;
  private closed = false;

  private constructor(
    private readonly setup: EngineSetup,
    private readonly segment: SharedSegment,
  ) {
    this.lockNames = lockNamesOf(setup.scenario);
    this.segmentLayout = new SegmentLayout(localWorkers(setup), this.lockNames.length);
    // One write resets the bakeries, the lock board and the scenario's memory.
    const { resetOffset, memoryOffset } = this.segmentLayout;
    this.resetImage = new Uint8Array(memoryOffset - resetOffset + setup.layout.size);
    this.resetImage.set(setup.layout.initialImage(), memoryOffset - resetOffset);
  }

  static async start(setup: EngineSetup): Promise<ProcessesEngine> {
    const segmentLayout = new SegmentLayout(localWorkers(setup), lockNamesOf(setup.scenario).length);
    const segment = SharedSegment.create(newSegmentPath(), segmentLayout.memoryOffset + setup.layout.size);
    const engine = new ProcessesEngine(setup, segment);
    cleanupOnExit(engine);
    try {
      await engine.startChildren();
    } catch (error) {
      await engine.close();
      throw error;
    }
    return engine;
  }

  private async startChildren(): Promise<void> {
    const { options, scenarioUrl, lock, trace, timeoutMs, store } = this.setup;
    const { workers } = this.segmentLayout;
    const started: Promise<void>[] = [];
    for (let worker = 1; worker <= workers; worker++) {
      // The child's stdout goes to our stderr: a scenario's console.log must never corrupt JSON on stdout.
      const child = fork(childFile, [], { stdio: ['ignore', 2, 2, 'ipc'], execArgv: [], serialization: 'advanced' });
      this.children.push(child);
      started.push(waitForReady(child, worker, timeoutMs + STARTUP_MS));
      child.on('message', (message: ToParent) => this.onMessage(worker, message));
      child.on('exit', (code, signal) => this.onExit(worker, code, signal));
      const init: ToChild = { type: 'init', segmentPath: this.segment.path, scenarioUrl, options, workers, lock, trace, worker, ...(store ? { store } : {}) };
      child.send(init);
    }
    await Promise.all(started);
  }

  runTrial(): Promise<TrialOutcome> {
    if (this.closed) return Promise.resolve({ state: 'crashed', worker: 0, message: 'engine closed' });
    if (this.dead) return Promise.resolve({ state: 'crashed', ...this.dead });
    const trial = ++this.trial;
    this.segment.write(this.segmentLayout.resetOffset, this.resetImage);
    return new Promise<TrialOutcome>((resolve) => {
      const { timeoutMs, lock } = this.setup;
      const timer = setTimeout(() => this.pending?.finish({ state: 'hung', workers: this.unreported(), afterMs: timeoutMs }), timeoutMs);
      const stopWatching =
        lock && this.lockNames.length > 1
          ? watchForDeadlock(() => this.segment.readBoard(this.segmentLayout), this.lockNames, (cycle) =>
              this.pending?.finish({ state: 'deadlocked', cycle }),
            )
          : () => {};
      this.pending = {
        trial,
        started: performance.now(),
        reports: new Map(),
        finish: (outcome) => {
          clearTimeout(timer);
          stopWatching();
          this.pending = undefined;
          resolve(outcome);
        },
      };
      const go: ToChild = { type: 'trial', trial };
      for (const child of this.children) child.send(go);
    });
  }

  private unreported(): number[] {
    const reports = this.pending?.reports;
    return this.children.map((_, index) => index + 1).filter((worker) => !reports?.has(worker));
  }

  private onMessage(worker: number, message: ToParent): void {
    const pending = this.pending;
    if (message.type !== 'report' || !pending || message.trial !== pending.trial) return;
    const { report } = message;
    if (report.state === 'threw') {
      pending.finish({ state: 'threw', worker, message: report.message, ...(report.stack ? { stack: report.stack } : {}) });
      return;
    }
    pending.reports.set(worker, report);
    if (pending.reports.size === this.children.length) {
      const image = this.segment.read(this.segmentLayout.memoryOffset, new Uint8Array(this.setup.layout.size));
      const ms = performance.now() - pending.started;
      const steps = this.setup.trace ? [...pending.reports.values()].flatMap((done) => (done.state === 'done' ? (done.steps ?? []) : [])) : undefined;
      pending.finish({ state: 'completed', image, ms, ...(steps ? { steps } : {}) });
    }
  }

  private onExit(worker: number, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.closed) return;
    const message = signal ? `child process killed by ${signal}` : `child process exited with code ${code}`;
    this.dead ??= { worker, message };
    // The OS told us the holder is gone: free its place in the bakery so survivors cannot deadlock.
    clearBakeryEntries(this.segment, this.segmentLayout, worker - 1);
    this.pending?.finish({ state: 'crashed', worker, message });
  }

  /** Synchronous teardown: kill every child, delete the segment. */
  destroyNow(): void {
    this.closed = true;
    for (const child of this.children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    this.segment.destroy();
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

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function waitForReady(child: ChildProcess, worker: number, limitMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`worker ${worker} did not start within ${limitMs} ms`), limitMs);
    const onMessage = (message: ToParent): void => {
      if (message.type === 'ready') done(resolve);
      else if (message.type === 'init-failed') fail(`worker ${worker} could not start: ${message.message}`);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`worker ${worker} exited while starting (${signal ?? `code ${code}`})`);
    const done = (then: () => void): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      then();
    };
    const fail = (message: string): void => done(() => reject(new RunFailedError(message)));
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}
