// `run --format junit`: a test suite per run (two with --compare), a test
// case per expectation (--expect), failing with the outcomes that broke it.
import type { RunResult } from '../run/runner.js';
import { brokenOutcomes, type ExpectationVerdict } from './expectation.js';
import type { JunitSuite } from './junit.js';
import { formatFinal, percent } from './values.js';

export function runSuites(results: readonly RunResult[], verdict: ExpectationVerdict | undefined): JunitSuite[] {
  return results.map((run, index) => ({
    name: `racedemo run ${run.scenario} (${run.lock ? 'lock' : 'no lock'}, ${run.engine})`,
    seconds: run.timing.totalMs / 1000,
    properties: {
      scenario: run.scenario,
      engine: run.engine,
      lock: run.lock,
      trials: run.options.trials,
      workers: run.options.workers,
      iterations: run.options.iterations,
      window: run.options.window,
      races: run.races.count,
      raceRate: run.races.rate,
    },
    cases: verdict && verdict.run === index ? [expectationCase(run, verdict)] : [],
    output: `${run.races.count} of ${run.options.trials} trials raced (${percent(run.races.rate)}); expected ${formatFinal(run.expected)}`,
  }));
}

function expectationCase(run: RunResult, verdict: ExpectationVerdict): JunitSuite['cases'][number] {
  return {
    name: `expect ${verdict.expectation}`,
    classname: `racedemo.${run.scenario}.${run.lock ? 'lock' : 'no-lock'}`,
    seconds: run.timing.totalMs / 1000,
    ...(verdict.failure ? { failure: { message: verdict.failure, type: 'ExpectationNotMet', details: brokenOutcomes(verdict) } } : {}),
  };
}
