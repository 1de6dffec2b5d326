// Runs N trials of a scenario: starts an executor (compose.ts), iterates its
// outcomes, judges each trial's final memory, keeps the aggregates, and always
// closes the executor, on success, failure and interruption alike.
import { performance } from 'node:perf_hooks';
import type { Executor, Failure } from '../executors/executor.js';
import { startExecutor } from './compose.js';
import { lockNamesOf } from '../scenario/lock-names.js';
import { InterruptedError, RunFailedError } from '../errors.js';
import { limits } from '../limits.js';
import { canonicalKey, judgeTrial, raceWord } from './judge.js';
import { MemoryLayout } from '../memory/layout.js';
import type { EngineName, Json, Workload } from '../scenario/api.js';
import type { LoadedScenario } from '../scenario/catalog.js';
import type { RunStore } from './settings.js';
import { shown } from '../trust/text.js';
import { TRACE_LIMIT, lostUpdateMarks, type Step, type TracedStep } from '../worker/steps.js';
import { encodeToken, type ReplaySchedule } from '../report/token.js';
import { newRunName, type StoreKind, type StoreLockKind } from '../stores/store.js';
import { round } from './round.js';
import type { Outcome, TimingSummary } from './statistics.js';
import { RunTally } from './tally.js';

export interface RunRequest {
  loaded: LoadedScenario;
  engine: EngineName;
  lock: boolean;
  trials: number;
  workload: Workload;
  timeoutMs: number;
  /** Called after every trial, in order (for streaming formats and progress). */
  onTrial?: (trial: TrialRecord) => void;
  /** Aborting stops the workers at once; the run then ends with an InterruptedError. */
  signal?: AbortSignal;
  /** Record accesses and keep the interleaving of the first trial that raced. */
  trace?: boolean;
  /** Keep the slots in this store instead of the engine's memory. */
  store?: RunStore;
  /** Workers that join from `racedemo worker` through the store. */
  remoteWorkers?: number;
  /** With remote workers: the shared secret. */
  secret?: Buffer;
  /** --budget: when `trials` saw no race, keep running trials until one races or this many ms have passed since the start. */
  budgetMs?: number;
}

/** The interleaving of one raced trial, in the order the accesses happened. */
export interface TraceRecord {
  trial: number;
  /** Each step with `us`: microseconds since the trial's first step. */
  steps: Array<Step & { us: number }>;
  /** The order of the accesses as a replay token (explore --replay); absent when the trace was cut short. */
  token?: string;
}

export interface TrialRecord {
  trial: number;
  final: Json;
  raced: boolean;
  lost: number;
  ms: number;
  /** Whether two workers' bodies ran at the same time (absent when not measured). */
  overlapped?: boolean;
}

/** The result of one run: exactly the fields of the --json run document (docs/output.md). */
export interface RunResult {
  scenario: string;
  engine: EngineName;
  lock: boolean;
  /** `trials`: the trials run (more than asked when --budget went looking for a race); `budget` in ms when given. */
  options: Workload & { trials: number; timeout: number; budget?: number };
  expected: Json;
  outcomes: Outcome[];
  /** `ci95`: the rate's 95% interval (Wilson). */
  races: { count: number; rate: number; ci95: [number, number] };
  lostUpdates: { total: number; mean: number; max: number };
  timing: TimingSummary;
  /** In how many trials two workers' bodies ran at the same time, and that share of the trials (absent with remote workers). */
  overlap?: { trials: number; share: number };
  /** With --trace: a raced trial's interleaving, the first whose steps show a lost update if any does (null when no trial raced). */
  trace?: TraceRecord | null;
  /** With --store: which store held the slots and how it locked (no URL: it may hold a password). */
  store?: { kind: StoreKind; lock: StoreLockKind; remoteWorkers: number };
}

export async function runTrials(request: RunRequest): Promise<RunResult> {
  const { scenario } = request.loaded;
  const layout = new MemoryLayout(scenario.memory(request.workload));
  const expected = scenario.expected(request.workload);
  throwIfAborted(request.signal);
  const executor = await start(request, layout);
  try {
    const started = performance.now();
    const { tally, trace, trials } = await judgeTrials(request, executor, layout, expected);
    const { store, budgetMs } = request;
    return {
      scenario: scenario.name,
      engine: request.engine,
      lock: request.lock,
      options: { trials, ...request.workload, timeout: request.timeoutMs, ...(budgetMs === undefined ? {} : { budget: budgetMs }) },
      expected,
      ...tally.summary(expected, performance.now() - started),
      ...(request.trace ? { trace } : {}),
      ...(store ? { store: { kind: store.kind, lock: store.lock, remoteWorkers: request.remoteWorkers ?? 0 } } : {}),
    };
  } finally {
    await executor.close();
  }
}

/** Starts the run's executor (run/compose.ts); Ctrl-C while it starts is the interruption, not a failure. */
async function start(request: RunRequest, layout: MemoryLayout): Promise<Executor> {
  const { loaded, workload, store, signal } = request;
  return startExecutor({
    engine: request.engine,
    scenarioUrl: loaded.url,
    layout,
    lockNames: lockNamesOf(loaded.scenario),
    options: workload,
    lock: request.lock,
    trace: request.trace === true,
    timeoutMs: request.timeoutMs,
    remoteWorkers: store ? (request.remoteWorkers ?? 0) : 0,
    ...(store ? { store: { ...store, run: newRunName(), lockTtlMs: request.timeoutMs } } : {}),
    ...(request.secret ? { secret: request.secret } : {}),
    ...(signal ? { signal } : {}),
  }).catch(async (error: unknown) => {
    // Ctrl-C reaches the workers too (and mkfifo): one that dies of it while starting is the interruption,
    // not a failure. The signal may still be waiting behind a synchronous step: let it arrive first.
    await new Promise((resolve) => setImmediate(resolve));
    throwIfAborted(signal);
    throw error;
  });
}

/** Iterates the executor's outcomes, judging and tallying each, until --trials (or --budget) is done or a trial fails. */
async function judgeTrials(request: RunRequest, executor: Executor, layout: MemoryLayout, expected: Json): Promise<{ tally: RunTally; trace: TraceRecord | null; trials: number }> {
  const { loaded: { scenario }, workload, trials, signal } = request;
  const expectedKey = canonicalKey(expected);
  const tally = new RunTally(trials);
  const traces = new TraceChoice();
  const deadline = performance.now() + (request.budgetMs ?? 0);
  // Past --trials only with --budget, while no trial has raced: the executor may run ahead up to the limit.
  const most = request.budgetMs === undefined ? trials : limits.trials.max;
  const goOn = (trial: number): boolean => trial <= trials || (tally.races === 0 && performance.now() < deadline && trial <= most);
  let trial = 1;
  for await (const outcome of executor.run(most, signal)) {
    // A trial cut short by Ctrl-C shows up as a failure; report the interruption instead.
    throwIfAborted(signal);
    if (outcome.state !== 'completed') throw failure(trial, outcome);
    const judgement = judgeTrial(scenario, layout.decode(outcome.image), expected, workload);
    const { final, lost } = judgement;
    const raced = canonicalKey(final) !== expectedKey;
    const measured = outcome.overlapped === undefined ? {} : { overlapped: outcome.overlapped };
    tally.add({ final, raced, lost, verdict: raced ? raceWord(judgement) : 'expected', ms: outcome.ms, ...measured });
    if (raced && outcome.steps) traces.offer(() => traceRecord(trial, outcome.steps ?? [], { scenario: scenario.name, ...workload, lock: request.lock }));
    request.onTrial?.({ trial, final, raced, lost, ms: round(outcome.ms), ...measured });
    if (!goOn(++trial)) break;
  }
  throwIfAborted(signal);
  if (trial <= trials) throw new RunFailedError(`the workers stopped after trial ${trial - 1}`);
  return { tally, trace: traces.chosen(), trials: trial - 1 };
}

/**
 * Which raced trial's trace to show: the first whose steps show the lost
 * update, else the first raced. Steps are ordered by the time each worker
 * noted them, just after the access: a worker preempted in between can put
 * two steps out of order, and then the trace would not show what went wrong.
 */
export class TraceChoice {
  /** Raced trials looked at before settling for the first one. */
  private static readonly TRIES = 20;
  private first: TraceRecord | undefined;
  private explained: TraceRecord | undefined;
  private tries = 0;

  offer(record: () => TraceRecord): void {
    if (this.explained || this.tries >= TraceChoice.TRIES) return;
    this.tries++;
    const offered = record();
    this.first ??= offered;
    if (lostUpdateMarks(offered.steps).size > 0) this.explained = offered;
  }

  chosen(): TraceRecord | null {
    return this.explained ?? this.first ?? null;
  }
}

function traceRecord(trial: number, steps: TracedStep[], run: Omit<ReplaySchedule, 'schedule'>): TraceRecord {
  const ordered = [...steps].sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.worker - b.worker));
  const origin = ordered[0]?.t ?? 0n;
  const record = { trial, steps: ordered.map(({ t, ...step }) => ({ ...step, us: round(Number(t - origin) / 1000, 1) })) };
  const perWorker = Math.max(...Array.from({ length: run.workers }, (_, index) => steps.filter((step) => step.worker === index + 1).length));
  if (perWorker >= TRACE_LIMIT) return record; // a cut trace is not the whole schedule: nothing to replay
  return { ...record, token: encodeToken({ ...run, schedule: ordered.map((step) => step.worker) }) };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof InterruptedError ? signal.reason : new InterruptedError('SIGINT');
}

function failure(trial: number, outcome: Failure): RunFailedError {
  switch (outcome.state) {
    case 'hung': {
      const who = outcome.workers.length === 1 ? 'worker' : 'workers';
      return new RunFailedError(`trial ${trial} hung after ${outcome.afterMs} ms in ${who} ${outcome.workers.join(', ')}`);
    }
    case 'deadlocked':
      return new RunFailedError(`trial ${trial} deadlocked: ${outcome.cycle}`);
    case 'threw':
      return new RunFailedError(`trial ${trial}: worker ${outcome.worker} threw: ${shown(outcome.message)}`);
    case 'crashed':
      return new RunFailedError(`trial ${trial}: worker ${outcome.worker} died: ${shown(outcome.message)}`);
  }
}
