// `racedemo worker --store URL`: a remote worker. It waits on the store's lobby
// channel until a `racedemo run … --remote-workers N` takes it into a run,
// then runs its worker body once per trial signal, against the same rows or
// keys as the coordinator's own workers, and reports back. Between runs it
// waits for the next one; --once leaves after one run.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { lockNamesOf } from '../deadlock.js';
import { InterruptedError, UsageError } from '../errors.js';
import { noLock } from '../lock.js';
import { MemoryLayout } from '../memory/layout.js';
import { builtInScenarios, loadScenario } from '../scenarios.js';
import { JOIN_MS } from '../stores/remote.js';
import { LOBBY, asLobbyMessage, asRunMessage, type Assignment } from '../stores/remote-protocol.js';
import type { Scenario } from '../scenario.js';
import { displayUrl, openBus, openSession, parseStoreOption, type MessageBus, type StoreSession } from '../stores/store.js';
import { runWorker } from '../worker-runtime.js';

export interface WorkerFlags {
  store?: string;
  once?: boolean;
  quiet?: boolean;
}

export async function workerCommand(flags: WorkerFlags): Promise<void> {
  const choice = parseStoreOption(flags.store ?? 'memory');
  if (choice.kind === 'memory') throw new UsageError('racedemo worker needs --store postgres://… or redis://…, the store the run uses');
  const { url } = choice;
  const log = (text: string): void => void (flags.quiet || process.stderr.write(`racedemo: ${text}\n`));
  const bus = await openBus(choice.kind, url);
  const id = randomBytes(6).toString('hex');
  let busy = false;
  const hello = (): Promise<void> => bus.publish(LOBBY, { type: 'hello', id });

  await new Promise<void>((resolve, reject) => {
    const stop = (signal: 'SIGINT' | 'SIGTERM'): void => {
      void bus.close().finally(() => reject(new InterruptedError(signal)));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const finish = (error?: unknown): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void bus.close().finally(() => (error ? reject(error) : resolve()));
    };
    void bus
      .subscribe(LOBBY, (raw) => {
        const message = asLobbyMessage(raw);
        if (busy || !message) return;
        if (message.type === 'call') void hello();
        if (message.type !== 'assign' || message.id !== id) return;
        busy = true;
        const { assignment } = message;
        log(`joined ${assignment.run} as worker ${assignment.worker} of ${assignment.options.workers} (${assignment.lock ? 'lock' : 'no lock'})`);
        void takePart(bus, { ...assignment, store: { ...assignment.store, url } }).then(
          ({ trials, abandoned }) => {
            const count = `${trials} trial${trials === 1 ? '' : 's'}`;
            log(abandoned ? `${assignment.run} went silent after ${count} (its coordinator is gone?): left it` : `${assignment.run} ended after ${count}`);
            busy = false;
            if (flags.once) finish();
            else void hello();
          },
          (error: unknown) => finish(error),
        );
      })
      .then(hello)
      .then(() => log(`worker ${id} is waiting for a run on ${displayUrl(url)} (Ctrl-C to stop)`))
      .catch(finish);
  });
}

/**
 * Serves one run: resolves with the number of trials it ran once the coordinator says the run has ended,
 * or once the run has been silent for far longer than a trial may take (a coordinator killed outright).
 */
async function takePart(bus: MessageBus, assignment: Assignment): Promise<{ trials: number; abandoned: boolean }> {
  const { run, worker, options, lock } = assignment;
  const prepared = await prepare(assignment).catch(async (error: unknown) => {
    await bus.publish(run, { type: 'failed', worker, message: error instanceof Error ? error.message : String(error) });
  });
  if (!prepared) return { trials: 0, abandoned: false };
  const { scenario, layout, session } = prepared;
  const locks = lock ? session.locks : session.locks.map(() => noLock);
  let trials = 0;
  let failure: unknown;
  let queue = Promise.resolve();
  let watchdog: NodeJS.Timeout | undefined;
  const ended = new Promise<boolean>((resolve) => {
    const quiet = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => resolve(true), assignment.timeoutMs + JOIN_MS);
    };
    quiet();
    void bus.subscribe(run, (raw) => {
      const message = asRunMessage(raw);
      quiet();
      if (message?.type === 'end') resolve(false);
      if (message?.type !== 'trial') return;
      const { trial } = message;
      // Trials come one at a time; the queue only guards against a stray duplicate signal.
      queue = queue
        .then(async () => {
          const report = await runWorker({ scenario, layout, access: session.access, locks, options, worker, trace: false });
          trials++;
          await bus.publish(run, { type: 'report', trial, report });
        })
        .catch((error: unknown) => void (failure ??= error));
    }).then(() => bus.publish(run, { type: 'ready', worker }));
  });
  const abandoned = await ended;
  clearTimeout(watchdog);
  await queue;
  await session.close().catch(() => {});
  if (failure) throw failure;
  return { trials, abandoned };
}

async function prepare({ scenario: url, options, store }: Assignment): Promise<{ scenario: Scenario; layout: MemoryLayout; session: StoreSession }> {
  const { scenario } = await loadScenario(scenarioReference(url));
  const layout = new MemoryLayout(scenario.memory(options));
  const session = await openSession(store, layout, lockNamesOf(scenario));
  return { scenario, layout, session };
}

/** A built-in scenario is loaded from this machine's racedemo; a file must exist at the same path here. */
function scenarioReference(url: string): string {
  const name = builtInScenarios.find((candidate) => url.endsWith(`/scenarios/${candidate}.js`));
  if (name) return name;
  return url.startsWith('file:') ? fileURLToPath(url) : url;
}
