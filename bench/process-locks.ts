// The cross-process lock designs measured between real forked processes:
// acquire + release latency, alone (uncontended) and with two processes
// competing (contended), and whether the shared counter lost any increment.
// The parent plays the broker for the 'broker' design.
import { fork, type ChildProcess } from 'node:child_process';
import { createLockFiles, type ChildToParent, type LockJob, type ProcessDesign } from './lock-designs.js';
import { fixed, mean, median, withLimit } from './measure.js';

const childFile = new URL('./lock-child.js', import.meta.url);

export interface LockFigures {
  engine: 'processes' | 'threads';
  design: string;
  competitors: number;
  ops: number;
  rounds: number;
  /** Each competitor's loop time over its own acquire+release cycles (median round, mean over competitors). */
  usPerOp: number;
  /** Wall time over every competitor's cycles together: the lock's throughput. */
  usPerOpAll: number;
  /** Counter increments lost: 0 means the lock kept the critical section exclusive. */
  lost: number;
}

/** Cycles per round for each design: about 0.1–0.5 s a round. */
const opsFor: Record<ProcessDesign, number> = { tokens: 50_000, bakery: 20_000, broker: 2_000, lockfile: 10_000, none: 50_000 };

export async function measureProcessLock(design: ProcessDesign, processes: number, rounds = 3): Promise<LockFigures> {
  const ops = opsFor[design];
  const files = createLockFiles(processes);
  const children: ChildProcess[] = [];
  try {
    const broker = new Broker();
    const reports = Array.from({ length: processes }, (_, me) => {
      const child = fork(childFile, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [], serialization: 'advanced' });
      children.push(child);
      const job: LockJob = { type: 'job', design, ...files.paths, me, workers: processes, ops, rounds };
      child.send(job);
      return new Promise<number[]>((resolve, reject) => {
        child.on('message', (message: ChildToParent) => {
          if (message.type === 'done') resolve(message.roundMs);
          else if (message.type === 'failed') reject(new Error(`${design} child: ${message.message}`));
          else if (message.type === 'acquire' || message.type === 'release') broker.handle(child, message.type);
        });
        child.on('exit', (code) => {
          broker.gone(child);
          reject(new Error(`${design} child exited with code ${code}`));
        });
      });
    });
    const roundMs = await withLimit(Promise.all(reports), 60_000, `the ${design} lock benchmark`);
    const counter = files.segment.readInt32(files.layout.controlSize);
    const perProcess = roundMs.map((rounds) => (median(rounds) * 1000) / ops);
    const wallPerRound = Array.from({ length: rounds }, (_, round) => Math.max(...roundMs.map((times) => times[round] ?? NaN)));
    return {
      engine: 'processes',
      design,
      competitors: processes,
      ops,
      rounds,
      usPerOp: fixed(mean(perProcess), 2),
      usPerOpAll: fixed((median(wallPerRound) * 1000) / (ops * processes), 2),
      lost: processes * ops * rounds - counter,
    };
  } finally {
    for (const child of children) child.kill('SIGKILL');
    files.destroy();
  }
}

/** The lock broker: grants the lock to one child at a time, waiters in FIFO order. */
export class Broker {
  private holder: ChildProcess | undefined;
  private readonly queue: ChildProcess[] = [];

  handle(child: ChildProcess, request: 'acquire' | 'release'): void {
    if (request === 'acquire') {
      if (this.holder) this.queue.push(child);
      else this.grant(child);
    } else if (this.holder === child) {
      this.holder = undefined;
      const next = this.queue.shift();
      if (next) this.grant(next);
    }
  }

  /** A dead holder's lock is released: the broker's safety property. */
  gone(child: ChildProcess): void {
    const waiting = this.queue.indexOf(child);
    if (waiting >= 0) this.queue.splice(waiting, 1);
    if (this.holder === child) this.handle(child, 'release');
  }

  private grant(child: ChildProcess): void {
    this.holder = child;
    child.send({ type: 'grant' });
  }
}
