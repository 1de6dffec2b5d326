// Enumerates what could happen: runs the worker bodies under every schedule
// (depth-first over the scheduler's choices, up to a limit) or under a sample
// of seeded random schedules, and groups the final values with the number of
// schedules that reach each and one witness schedule.
import { canonicalKey, judgeTrial, raceWord } from '../run/judge.js';
import { MemoryLayout } from '../memory/layout.js';
import type { Json, Judgement, Scenario, Workload } from '../scenario/api.js';
import { round } from '../run/round.js';
import type { Step } from '../worker/steps.js';
import { encodeToken } from '../report/token.js';
import { RunFailedError } from '../errors.js';
import { withBodyStdoutOnStderr } from '../worker/stdout.js';
import { execute, type ExecutionResult } from './execution.js';
import { SETTLE_LIMIT_MS, type Chooser } from './scheduler.js';

export type ExploreMode = { kind: 'exhaustive'; maxSchedules: number } | { kind: 'sampled'; seed: number; schedules: number };

export interface ExploreRequest {
  scenario: Scenario;
  workload: Workload;
  lock: boolean;
  mode: ExploreMode;
  /** Aborted on Ctrl-C: checked between schedules. */
  signal?: AbortSignal;
}

export interface ExploredOutcome {
  final: Json;
  schedules: number;
  share: number;
  raced: boolean;
  lost: number;
  /** 'expected', or what went wrong in the scenario's words. */
  verdict: string;
  /** The first schedule found that ends here. */
  witness: Step[];
  /** The witness as a replay token (explore --replay). */
  token: string;
}

export interface ExploreResult {
  scenario: string;
  lock: boolean;
  options: { workers: number; iterations: number };
  mode: ExploreMode;
  /** True when every schedule was run (exhaustive mode within the limit). */
  complete: boolean;
  schedules: number;
  expected: Json;
  outcomes: ExploredOutcome[];
}

/** Runs the schedules the mode asks for and groups their final values. */
export async function explore({ scenario, workload, lock, mode, signal }: ExploreRequest): Promise<ExploreResult> {
  const layout = new MemoryLayout(scenario.memory(workload));
  const expected = scenario.expected(workload);
  const expectedKey = canonicalKey(expected);
  const found = new Map<string, Found>();
  const runSchedule: RunSchedule = async (choose, schedule) => {
    const result = await execute(scenario, layout, workload, lock, choose);
    signal?.throwIfAborted();
    refuseFailure(result, schedule);
    tally(found, judge(scenario, workload, expected, result), expectedKey, result.steps);
  };
  // The bodies run in this process: what they print must not land in the middle of a --json document.
  const { schedules, complete } = await withBodyStdoutOnStderr(() => (mode.kind === 'sampled' ? sampleSchedules(mode, runSchedule) : enumerateSchedules(mode, runSchedule)));
  const tokenOf = (witness: Step[]): string =>
    encodeToken({ scenario: scenario.name, workers: workload.workers, iterations: workload.iterations, lock, schedule: witness.map((step) => step.worker) });
  return {
    scenario: scenario.name,
    lock,
    options: { workers: workload.workers, iterations: workload.iterations },
    mode,
    complete,
    schedules,
    expected,
    outcomes: summarise(found, schedules, tokenOf),
  };
}

/** An outcome as found, before its share of all schedules and its token are known. */
type Found = Omit<ExploredOutcome, 'share' | 'token'>;

/** Runs one schedule, the `schedule`th (from 1), choosing with `choose`, and records its outcome. */
type RunSchedule = (choose: Chooser, schedule: number) => Promise<void>;

/** How many schedules ran, and whether they were every schedule there is. */
interface Coverage {
  schedules: number;
  complete: boolean;
}

/** `mode.schedules` schedules, each switch point choosing at random from the seed. */
async function sampleSchedules(mode: Extract<ExploreMode, { kind: 'sampled' }>, runSchedule: RunSchedule): Promise<Coverage> {
  const next = seededRandom(mode.seed);
  let schedules = 0;
  for (; schedules < mode.schedules; schedules++) {
    await runSchedule((runnable) => runnable[Math.floor(next() * runnable.length)] ?? 0, schedules + 1);
  }
  return { schedules, complete: false };
}

/**
 * Every schedule, depth-first: each run follows the choices of the last one
 * up to its deepest choice with an untried alternative, takes the next
 * alternative there, and the first runnable worker after it.
 */
async function enumerateSchedules(mode: Extract<ExploreMode, { kind: 'exhaustive' }>, runSchedule: RunSchedule): Promise<Coverage> {
  let prefix: number[] = [];
  let schedules = 0;
  while (schedules < mode.maxSchedules) {
    const { choose, choices, alternatives } = following(prefix);
    await runSchedule(choose, schedules + 1);
    schedules++;
    const backtrack = lastOpenChoice(choices, alternatives);
    if (backtrack < 0) return { schedules, complete: true };
    prefix = [...choices.slice(0, backtrack), (choices[backtrack] ?? 0) + 1];
  }
  return { schedules, complete: false };
}

/** A chooser that takes the choices of `prefix`, then always the first runnable worker, and notes each choice and its number of alternatives. */
function following(prefix: number[]): { choose: Chooser; choices: number[]; alternatives: number[] } {
  const choices: number[] = [];
  const alternatives: number[] = [];
  const choose: Chooser = (runnable) => {
    const choice = prefix[choices.length] ?? 0;
    choices.push(choice);
    alternatives.push(runnable.length);
    return runnable[choice] ?? 0;
  };
  return { choose, choices, alternatives };
}

/** A body that fails is the scenario's bug, not an outcome of the race: the run fails, as `run` does. */
function refuseFailure(result: ExecutionResult, schedule: number): asserts result is Ended {
  if (result.state === 'threw') throw new RunFailedError(`schedule ${schedule}: worker ${result.worker} threw: ${result.message}`);
  if (result.state === 'stuck') {
    const who = result.workers.length === 1 ? 'worker' : 'workers';
    throw new RunFailedError(
      `schedule ${schedule}: ${who} ${result.workers.join(', ')} never settled: waited ${SETTLE_LIMIT_MS / 1000} s on something other than racedemo's memory, locks and sleep`,
    );
  }
}

/** An execution that ran to an outcome: every body finished, or they deadlocked. */
type Ended = Extract<ExecutionResult, { state: 'completed' | 'deadlocked' }>;

function judge(scenario: Scenario, workload: Workload, expected: Json, result: Ended): Judgement {
  if (result.state === 'completed') return judgeTrial(scenario, result.final, expected, workload);
  return { final: 'deadlock', lost: 0, word: 'deadlocked' };
}

/** Counts a schedule under its final value; the first schedule to reach a value is its witness. */
function tally(found: Map<string, Found>, judgement: Judgement, expectedKey: string, witness: Step[]): void {
  const { final, lost } = judgement;
  const key = canonicalKey(final);
  const raced = key !== expectedKey;
  const outcome = found.get(key);
  if (outcome) outcome.schedules++;
  else found.set(key, { final, schedules: 1, raced, lost, verdict: raced ? raceWord(judgement) : 'expected', witness });
}

/** The outcomes with their shares of `total` and their tokens: the expected value first, then the commonest. */
function summarise(found: Map<string, Found>, total: number, tokenOf: (witness: Step[]) => string): ExploredOutcome[] {
  return [...found.values()]
    .map(({ final, schedules, raced, lost, verdict, witness }) => ({ final, schedules, share: round(schedules / total, 4), raced, lost, verdict, witness, token: tokenOf(witness) }))
    .sort((a, b) => Number(a.raced) - Number(b.raced) || b.schedules - a.schedules);
}

/** The deepest step with an untried alternative, or -1 when the tree is exhausted. */
function lastOpenChoice(choices: number[], alternatives: number[]): number {
  for (let step = choices.length - 1; step >= 0; step--) {
    if ((choices[step] ?? 0) + 1 < (alternatives[step] ?? 0)) return step;
  }
  return -1;
}

/** mulberry32: small, fast and the same on every machine, so a seed replays. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
