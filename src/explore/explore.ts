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

export async function explore({ scenario, workload, lock, mode, signal }: ExploreRequest): Promise<ExploreResult> {
  const layout = new MemoryLayout(scenario.memory(workload));
  const expected = scenario.expected(workload);
  const expectedKey = canonicalKey(expected);
  const outcomes = new Map<string, Omit<ExploredOutcome, 'share' | 'token'>>();
  const record = (result: ExecutionResult): void => {
    signal?.throwIfAborted();
    // A body that fails is the scenario's bug, not an outcome of the race: the run fails, as `run` does.
    if (result.state === 'threw') throw new RunFailedError(`schedule ${schedules + 1}: worker ${result.worker} threw: ${result.message}`);
    if (result.state === 'stuck') {
      const who = result.workers.length === 1 ? 'worker' : 'workers';
      throw new RunFailedError(
        `schedule ${schedules + 1}: ${who} ${result.workers.join(', ')} never settled: waited ${SETTLE_LIMIT_MS / 1000} s on something other than racedemo's memory, locks and sleep`,
      );
    }
    const judgement = judge(result);
    const { final, lost } = judgement;
    const key = canonicalKey(final);
    const raced = key !== expectedKey;
    const outcome = outcomes.get(key);
    if (outcome) outcome.schedules++;
    else outcomes.set(key, { final, schedules: 1, raced, lost, verdict: raced ? raceWord(judgement) : 'expected', witness: result.steps });
  };
  const judge = (result: Extract<ExecutionResult, { state: 'completed' | 'deadlocked' }>): Judgement => {
    if (result.state === 'completed') return judgeTrial(scenario, result.final, expected, workload);
    return { final: 'deadlock', lost: 0, word: 'deadlocked' };
  };

  let schedules = 0;
  let complete = false;
  if (mode.kind === 'sampled') {
    const next = seededRandom(mode.seed);
    for (; schedules < mode.schedules; schedules++) {
      record(await execute(scenario, layout, workload, lock, (runnable) => runnable[Math.floor(next() * runnable.length)] ?? 0));
    }
  } else {
    let prefix: number[] = [];
    while (schedules < mode.maxSchedules) {
      const choices: number[] = [];
      const alternatives: number[] = [];
      const choose: Chooser = (runnable) => {
        const choice = prefix[choices.length] ?? 0;
        choices.push(choice);
        alternatives.push(runnable.length);
        return runnable[choice] ?? 0;
      };
      record(await execute(scenario, layout, workload, lock, choose));
      schedules++;
      const backtrack = lastOpenChoice(choices, alternatives);
      if (backtrack < 0) {
        complete = true;
        break;
      }
      prefix = [...choices.slice(0, backtrack), (choices[backtrack] ?? 0) + 1];
    }
  }
  const total = schedules;
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
    outcomes: [...outcomes.values()]
      .map(({ final, schedules: count, raced, lost, verdict, witness }) => ({ final, schedules: count, share: round(count / total, 4), raced, lost, verdict, witness, token: tokenOf(witness) }))
      .sort((a, b) => Number(a.raced) - Number(b.raced) || b.schedules - a.schedules),
  };
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
