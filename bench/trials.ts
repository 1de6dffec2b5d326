// Trial-level benchmarks through the real runner: the overhead of an empty
// trial on each engine, and the built-in scenarios with and without the lock.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runTrials } from '../src/run/runner.js';
import type { EngineName, Workload } from '../src/scenario/api.js';
import { loadScenario } from '../src/scenario/catalog.js';
import { fixed } from './measure.js';

export const emptyScenarioPath = fileURLToPath(new URL('./empty-scenario.js', import.meta.url));

export interface TrialFigures {
  scenario: string;
  engine: EngineName;
  lock: boolean;
  workload: Workload;
  trials: number;
  /** Engine start (spawning workers, importing the scenario) plus the trials. */
  wallMs: number;
  totalMs: number;
  trialsPerSecond: number;
  perTrialMs: { mean: number; median: number; min: number; max: number };
  raceRate: number;
}

export interface TrialRequest {
  scenario: string;
  engine: EngineName;
  lock: boolean;
  trials: number;
  /** Overrides of the scenario's defaults. */
  workload?: Partial<Workload>;
}

export async function measureTrials(request: TrialRequest): Promise<TrialFigures> {
  const loaded = await loadScenario(request.scenario);
  const workload: Workload = { ...loaded.scenario.defaults, ...request.workload };
  const started = performance.now();
  const result = await runTrials({
    loaded,
    engine: request.engine,
    lock: request.lock,
    trials: request.trials,
    workload,
    timeoutMs: 30_000,
  });
  const wallMs = performance.now() - started;
  const { totalMs, perTrialMs } = result.timing;
  return {
    scenario: loaded.scenario.name,
    engine: request.engine,
    lock: request.lock,
    workload,
    trials: request.trials,
    wallMs: fixed(wallMs, 1),
    totalMs: fixed(totalMs, 1),
    trialsPerSecond: fixed((request.trials * 1000) / totalMs, 1),
    perTrialMs: {
      mean: fixed(perTrialMs.mean),
      median: fixed(perTrialMs.median),
      min: fixed(perTrialMs.min),
      max: fixed(perTrialMs.max),
    },
    raceRate: result.races.rate,
  };
}

/** An empty trial on each engine: what a trial costs before the body does anything. */
export async function trialOverhead(): Promise<TrialFigures[]> {
  return [
    await measureTrials({ scenario: emptyScenarioPath, engine: 'threads', lock: false, trials: 5000 }),
    await measureTrials({ scenario: emptyScenarioPath, engine: 'processes', lock: false, trials: 2000 }),
  ];
}

/** The tutorial's four scenarios, each on its own engine at its own defaults, without and with the lock. */
export const defaultScenarios = [
  { scenario: 'thread-counter', engine: 'threads', trials: 300 },
  { scenario: 'queue-workers', engine: 'threads', trials: 300 },
  { scenario: 'process-value', engine: 'processes', trials: 300 },
  { scenario: 'process-array', engine: 'processes', trials: 300 },
] as const;

export async function scenariosAtDefaults(): Promise<TrialFigures[]> {
  const figures: TrialFigures[] = [];
  for (const { scenario, engine, trials } of defaultScenarios) {
    for (const lock of [false, true]) figures.push(await measureTrials({ scenario, engine, lock, trials }));
  }
  return figures;
}

/** The threads target: thread-counter with --window 0, unlocked. */
export function threadCounterWindow0(): Promise<TrialFigures> {
  return measureTrials({ scenario: 'thread-counter', engine: 'threads', lock: false, trials: 5000, workload: { window: 0 } });
}
