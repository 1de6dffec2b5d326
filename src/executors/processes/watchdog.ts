// A child of the processes executor must never outlive racedemo. Its own event
// loop cannot be trusted to notice (a body may spin in `for (;;) {}`, and a
// kill -9 of racedemo runs no clean-up), and Node has no parent-death signal.
// So a tiny worker thread, whose loop no body can block, watches the parent:
// once this process has been re-parented, the parent is gone and the thread
// kills its whole process.
import { Worker } from 'node:worker_threads';

/** How often the watchdog looks: a child outlives racedemo by at most about this long. */
export const WATCHDOG_INTERVAL_MS = 200;

const watchdog = `
const { workerData } = require('node:worker_threads');
const check = () => { if (process.ppid !== workerData.parent) process.kill(process.pid, 'SIGKILL'); };
check();
setInterval(check, workerData.intervalMs);
`;

/** Starts the watchdog for `parent` (racedemo's pid, passed by racedemo: by now this process may already be an orphan). */
export function watchParent(parent: number): void {
  const worker = new Worker(watchdog, { eval: true, workerData: { parent, intervalMs: WATCHDOG_INTERVAL_MS }, stdout: true, stderr: true });
  // It must not keep the child alive on its own, nor crash it by failing.
  worker.unref();
  worker.on('error', () => {});
}
