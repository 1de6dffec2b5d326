// Starting and stopping forked children: one child's readiness and its end,
// and the exit hook that kills every live executor's children.
import type { ChildProcess } from 'node:child_process';
import { messageOf, RunFailedError } from '../../errors.js';
import type { ToParent } from './messages.js';

/** Resolves when the child has exited (at once if it has). */
export function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Resolves when the child says it is ready; fails, naming the worker, if it fails to start, exits or takes longer than `limitMs`. */
export function waitForReady(child: ChildProcess, worker: number, limitMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`worker ${worker} did not start within ${limitMs} ms`), limitMs);
    const onMessage = (message: ToParent): void => {
      if (message.type === 'ready') done(resolve);
      else if (message.type === 'init-failed') fail(`worker ${worker} could not start: ${message.message}`);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`worker ${worker} exited while starting (${signal ?? `code ${code}`})`);
    // Only a fork that failed: a running child's failed message is followed by its exit.
    const onError = (error: Error): void => {
      if (child.pid === undefined) fail(`worker ${worker} could not be started: ${messageOf(error)}`);
    };
    const done = (then: () => void): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('error', onError);
      then();
    };
    const fail = (message: string): void => done(() => reject(new RunFailedError(message)));
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.on('error', onError);
  });
}

/** What the exit hook tears down: an executor's synchronous kill and unlink. */
interface Destroyable {
  destroyNow(): void;
}

const live = new Set<Destroyable>();
let exitHookInstalled = false;

/** Last line of defence: a synchronous kill and unlink when the process exits for any reason. */
export function killOnExit(executor: Destroyable): void {
  live.add(executor);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const each of live) each.destroyNow();
  });
}

/** The executor has torn itself down: nothing left for the exit hook. */
export function forgetOnExit(executor: Destroyable): void {
  live.delete(executor);
}
