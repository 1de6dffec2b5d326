// JUnit suites for any saved document (`racedemo report --format junit`), by
// kind: a litmus test's forbidden outcomes are its test cases (failing when
// seen), an isolation grid's cells are cases recording what happened, and
// runs are suites with their figures (a saved run records no --expect).
import type { AnyDocument, IsolationDocument, LitmusDocument } from './guards.js';
import type { JunitSuite } from './junit.js';
import { runSuites } from './junit-run.js';

const outcomeText = (outcome: Record<string, unknown>): string =>
  Object.entries(outcome)
    .map(([register, value]) => `${register}=${String(value)}`)
    .join(', ');

function litmusSuite(document: LitmusDocument): JunitSuite {
  const forbidden = document.outcomes.filter((outcome) => /forbidden/i.test(outcome.grade));
  return {
    name: `racedemo litmus ${document.test} (${document.access})`,
    seconds: document.samplesPerSecond > 0 ? document.samples / document.samplesPerSecond : 0,
    properties: { test: document.test, access: document.access, samples: document.samples, cpu: document.cpu },
    cases: forbidden.map((outcome) => ({
      name: `forbidden ${outcomeText(outcome.outcome)} never seen`,
      classname: `racedemo.litmus.${document.test}.${document.access}`,
      seconds: 0,
      ...(outcome.samples > 0
        ? { failure: { message: `forbidden outcome ${outcomeText(outcome.outcome)} seen in ${outcome.samples} of ${document.samples} samples`, type: 'ForbiddenOutcome', details: outcome.description } }
        : {}),
    })),
  };
}

function isolationSuite(document: IsolationDocument): JunitSuite {
  return {
    name: `racedemo isolation ${document.store}`,
    seconds: 0,
    properties: { store: document.store, server: document.server },
    cases: document.levels.flatMap((level) =>
      Object.entries(level.anomalies).map(([anomaly, cell]) => ({
        name: `${level.level}: ${anomaly} ${cell.result}`,
        classname: `racedemo.isolation.${document.store}`,
        seconds: 0,
        output: cell.how ?? (cell.evidence === undefined ? cell.result : JSON.stringify(cell.evidence)),
      })),
    ),
  };
}

const suitesOf: { [K in AnyDocument['kind']]: (document: Extract<AnyDocument, { kind: K }>) => JunitSuite[] } = {
  run: (document) => runSuites([document], undefined),
  comparison: (document) => runSuites(document.runs, undefined),
  sweep: (document) => runSuites(document.points.map((point) => point.run), undefined),
  explore: () => [],
  replay: () => [],
  litmus: (document) => [litmusSuite(document)],
  isolation: (document) => [isolationSuite(document)],
};

export function documentSuites(documents: readonly AnyDocument[]): JunitSuite[] {
  return documents.flatMap((document) => (suitesOf[document.kind] as (document: AnyDocument) => JunitSuite[])(document));
}
