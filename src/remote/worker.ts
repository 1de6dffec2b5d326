// `racedemo worker --store URL`: a remote worker. It waits on the store's lobby
// channel until a `racedemo run … --remote-workers N` takes it into a run,
// then runs its worker body once per trial signal, against the same rows or
// keys as the coordinator's own workers, and reports back. Between runs it
// waits for the next one; --once leaves after one run. Every message is
// signed with the shared secret, and nothing in an assignment is a URL, a path
// or a password: the worker connects with its own --store URL and runs a
// built-in scenario by name, or a file only if its own --scenario allowed it
// (checked by content hash).
import { randomBytes } from 'node:crypto';
import { messageOf, RunFailedError, UsageError } from '../errors.js';
import { LOBBY, RUN_NAME, asLobbyMessage, checkAssignment, type Assignment } from './protocol.js';
import { takePart, type Departure, type Own } from './part.js';
import { openBus } from '../stores/drivers.js';
import { displayUrl, parseStoreOption } from '../stores/store.js';
import { allowedFiles } from '../trust/scenario-ref.js';
import { loadSecret } from '../trust/secret.js';
import { SignedBus, reportDropped } from '../trust/signed-bus.js';
import { shown } from '../trust/text.js';
import type { Context } from '../cli/output.js';
import { withRunSignals } from '../cli/signals.js';

export interface WorkerFlags {
  store?: string;
  once?: boolean;
  quiet?: boolean;
  /** The file holding the shared secret (default: RACEDEMO_SECRET). */
  secretFile?: string;
  /** A scenario file, or a directory of them, that runs may use on this worker. */
  scenario?: string;
}

/** After Ctrl-C and cleanup, a body still blocking the event loop may hold the process this long at most. */
const EXIT_GRACE_MS = 2000;

export async function workerCommand(flags: WorkerFlags, context: Context): Promise<void> {
  const choice = parseStoreOption(flags.store ?? 'memory');
  if (choice.kind === 'memory') throw new UsageError('racedemo worker needs --store postgres://… or redis://…, the store the run uses');
  const secret = loadSecret(flags.secretFile);
  const own: Own = { kind: choice.kind, url: choice.url, allowed: flags.scenario === undefined ? [] : allowedFiles(flags.scenario) };
  const log = (text: string): void => void (flags.quiet || context.stderr.write(`racedemo: ${text}\n`));
  const lobby = new Lobby(new SignedBus(await openBus(choice.kind, choice.url), secret), own, flags.once === true, log);
  // Ctrl-C and SIGTERM abort `signal` (an InterruptedError), as for a run.
  await withRunSignals(context.out, (signal) => lobby.serve(signal), context.signal);
}

/** The worker between runs: it answers calls, takes an assignment, serves its run, and waits again. */
class Lobby {
  readonly id = randomBytes(6).toString('hex');
  /** Aborted when the worker stops: the run it serves, if any, is left at once. */
  private readonly stopping = new AbortController();
  private busy = false;
  private leaving: Promise<unknown> = Promise.resolve();
  private settle: (error?: unknown) => void = () => {};

  constructor(
    private readonly bus: SignedBus,
    private readonly own: Own,
    private readonly once: boolean,
    private readonly log: (text: string) => void,
  ) {}

  /** Serves runs until the worker stops (a signal, --once, a lost store); rejects with why, if it failed. */
  serve(signal: AbortSignal): Promise<void> {
    const done = new Promise<void>((resolve, reject) => (this.settle = (error) => (error ? reject(error) : resolve())));
    signal.addEventListener(
      'abort',
      () => {
        this.finish(signal.reason);
        setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
      },
      { once: true },
    );
    this.bus.onLost(() => this.finish(new RunFailedError(`lost the connection to the store at ${displayUrl(this.own.url)}`)));
    this.bus
      .subscribe(LOBBY, (raw) => this.onMessage(raw))
      .then(() => this.log(`worker ${this.id} is waiting for a run on ${displayUrl(this.own.url)} (Ctrl-C to stop)`))
      .catch((error: unknown) => this.finish(error));
    return done;
  }

  /** Stops once: leaves the run under way, closes the bus, then settles serve(). */
  private finish(error?: unknown): void {
    if (this.stopping.signal.aborted) return;
    this.stopping.abort(error);
    void this.leaving.then(() => this.bus.close().catch(() => {})).finally(() => this.settle(error));
  }

  private onMessage(raw: unknown): void {
    const message = asLobbyMessage(raw);
    if (this.busy || this.stopping.signal.aborted || !message) return;
    // A worker speaks only when called: its hello names the calling run, so that it cannot be replayed to another.
    if (message.type === 'call') this.bus.publish(LOBBY, { type: 'hello', id: this.id, run: message.run }).catch((error: unknown) => this.finish(error));
    if (message.type === 'assign' && message.id === this.id) this.join(message.assignment);
  }

  private join(raw: unknown): void {
    let assignment: Assignment;
    try {
      assignment = checkAssignment(raw, this.own.kind);
    } catch (error) {
      refuse(this.bus, this.id, raw, shown(messageOf(error)), this.log);
      return;
    }
    this.busy = true;
    this.log(`joined ${assignment.run} as worker ${assignment.worker} of ${assignment.options.workers} (${assignment.lock ? 'lock' : 'no lock'})`);
    const part = takePart(this.bus, this.id, assignment, this.own, this.stopping.signal, this.log);
    this.leaving = part.catch(() => {});
    part.then(
      (ended) => this.afterPart(assignment.run, ended),
      (error: unknown) => this.finish(error),
    );
  }

  private afterPart(run: string, { trials, departure }: { trials: number; departure: Departure }): void {
    reportDropped(this.bus, run, this.log);
    const count = `${trials} trial${trials === 1 ? '' : 's'}`;
    if (departure === 'ended') this.log(`${run} ended after ${count}`);
    if (departure === 'silent') this.log(`${run} went silent after ${count} (its coordinator is gone?): left it`);
    if (departure === 'excluded') this.log(`${run} started without this worker (it joined too late): left it`);
    this.busy = false;
    if (departure !== 'stopped' && this.once && departure !== 'excluded') this.finish();
  }
}

/** An assignment this worker will not act on: said here, and to the run if it names one. */
function refuse(bus: SignedBus, id: string, raw: unknown, reason: string, log: (text: string) => void): void {
  log(`refused an assignment: ${reason}`);
  const { run, worker } = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (typeof run === 'string' && RUN_NAME.test(run) && typeof worker === 'number') {
    bus.publish(run, { type: 'failed', worker, id, message: reason }).catch(() => {});
  }
}
