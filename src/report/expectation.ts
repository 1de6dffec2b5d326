// --expect judged once, for the exit code, the JUnit report and the CI
// annotation alike: race looks at the unlocked run, safe at the locked one
// (with --compare, each its own).
import type { RunResult } from '../run/runner.js';
import type { Outcome } from '../run/statistics.js';
import { formatFinal } from './values.js';

export type Expectation = 'race' | 'safe';

export interface ExpectationVerdict {
  expectation: Expectation;
  /** Which of the runs was judged (0 or 1). */
  run: number;
  /** Why it failed, in one line; undefined when it held. */
  failure: string | undefined;
  /** The outcomes that broke it: the raced ones for safe, every one seen for race. */
  broke: Outcome[];
}

/** `budgetMs`: the --budget that was spent looking for a race, named in the failure. */
export function judgeExpectation(results: readonly RunResult[], expectation: Expectation, budgetMs?: number): ExpectationVerdict | undefined {
  const run = results.length === 2 && expectation === 'safe' ? 1 : 0;
  const judged = results[run];
  if (!judged) return undefined;
  const { count } = judged.races;
  const trials = judged.options.trials;
  if (expectation === 'race' && count === 0) {
    const within = budgetMs === undefined ? '' : ` (the budget of ${budgetMs / 1000} s is spent)`;
    return { expectation, run, failure: `expected a race, but none of ${trials} ${trials === 1 ? 'trial' : 'trials'} raced${within}`, broke: judged.outcomes };
  }
  if (expectation === 'safe' && count > 0) {
    const broke = judged.outcomes.filter((outcome) => outcome.raced);
    return { expectation, run, failure: `expected no race, but ${count} of ${trials} ${trials === 1 ? 'trial' : 'trials'} raced`, broke };
  }
  return { expectation, run, failure: undefined, broke: [] };
}

/** The outcomes that broke an expectation, one a line: `final 10: 8 trials, raced, 10 updates lost`. */
export function brokenOutcomes(verdict: ExpectationVerdict): string {
  return verdict.broke
    .map((outcome) => `final ${formatFinal(outcome.final)}: ${outcome.trials} ${outcome.trials === 1 ? 'trial' : 'trials'}, ${outcome.raced ? `raced (${outcome.verdict})` : 'as expected'}`)
    .join('\n');
}

/** A GitHub Actions error annotation (its workflow-command escaping: %, CR, LF). */
export function githubAnnotation(title: string, message: string): string {
  const escape = (text: string, property: boolean): string => {
    const data = text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
    return property ? data.replaceAll(':', '%3A').replaceAll(',', '%2C') : data;
  };
  return `::error title=${escape(title, true)}::${escape(message, false)}`;
}
