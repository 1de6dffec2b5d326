// Reruns one schedule from a replay token under the explorer's scheduler:
// at each switch point the worker the token names moves, so the same
// interleaving of shared accesses happens again, step by step.
import { RunFailedError, UsageError } from '../errors.js';
import { canonicalKey, judgeTrial } from '../run/judge.js';
import { MemoryLayout } from '../memory/layout.js';
import type { Json, Scenario } from '../scenario/api.js';
import type { Step } from '../worker/steps.js';
import type { ReplaySchedule } from '../report/token.js';
import { withBodyStdoutOnStderr } from '../worker/stdout.js';
import { execute } from './execution.js';

export interface ReplayResult {
  scenario: string;
  lock: boolean;
  options: { workers: number; iterations: number };
  final: Json;
  expected: Json;
  raced: boolean;
  lost: number;
  steps: Step[];
}

/** Refuses a token made for another scenario or workload than the one asked for, in one line. */
export function checkTokenFits(replay: ReplaySchedule, asked: { scenario: string; workers: number; iterations: number; lock: boolean }): void {
  const differences = [
    replay.scenario !== asked.scenario ? `scenario ${replay.scenario}, not ${asked.scenario}` : '',
    replay.workers !== asked.workers ? `--workers ${replay.workers}, not ${asked.workers}` : '',
    replay.iterations !== asked.iterations ? `--iterations ${replay.iterations}, not ${asked.iterations}` : '',
    replay.lock !== asked.lock ? `${replay.lock ? '--lock' : '--no-lock'}, not ${asked.lock ? '--lock' : '--no-lock'}` : '',
  ].filter(Boolean);
  if (differences.length > 0) throw new UsageError(`--replay: this token is for ${differences.join(', ')}`);
}

export async function replaySchedule(scenario: Scenario, replay: ReplaySchedule): Promise<ReplayResult> {
  const workload = { workers: replay.workers, iterations: replay.iterations, window: 0, pause: 0 };
  const layout = new MemoryLayout(scenario.memory(workload));
  let step = 0;
  // The bodies run in this process: what they print goes to stderr, as on the engines.
  const result = await withBodyStdoutOnStderr(() => execute(scenario, layout, workload, replay.lock, (runnable) => {
    const next = replay.schedule[step];
    if (next === undefined) throw new UsageError(`--replay: the token's schedule ends after ${step} steps, but workers ${runnable.join(', ')} still have work: it does not fit this scenario`);
    if (!runnable.includes(next)) throw new UsageError(`--replay: at step ${step + 1} the token moves worker ${next}, which cannot move then: it does not fit this scenario`);
    step++;
    return next;
  }));
  if (step < replay.schedule.length) {
    throw new UsageError(`--replay: the workers finished after ${step} steps, but the token has ${replay.schedule.length}: it does not fit this scenario`);
  }
  // As in explore: a body that fails is the scenario's bug, not an outcome of the race.
  if (result.state === 'threw') throw new RunFailedError(`--replay: worker ${result.worker} threw: ${result.message}`);
  if (result.state === 'stuck') throw new RunFailedError(`--replay: workers ${result.workers.join(', ')} never settled`);
  const expected = scenario.expected(workload);
  const { final, lost } =
    result.state === 'completed' ? judgeTrial(scenario, result.final, expected, workload) : { final: 'deadlock' as Json, lost: 0 };
  return {
    scenario: scenario.name,
    lock: replay.lock,
    options: { workers: replay.workers, iterations: replay.iterations },
    final,
    expected,
    raced: canonicalKey(final) !== canonicalKey(expected),
    lost,
    steps: result.steps,
  };
}
