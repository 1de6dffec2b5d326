// JUnit suites for any document (`racedemo report --format junit`, and
// `litmus` / `isolation --format junit`), by kind:
// - litmus: a suite per test × access mode, a test case per outcome graded
//   forbidden (failing when it was seen), or one passing "no forbidden
//   outcome" when the mode forbids none that can be listed (plain accesses);
// - isolation: a test case per level × anomaly (Redis: per pattern; --fixes:
//   per fix), always passing: the matrix records what the server does, it
//   expects nothing; the verdict is in the case's system-out and the suite's
//   properties, the case's name stays the same from run to run for history;
// - runs: suites with their figures (a saved run records no --expect).
import type { AnyDocument, FixesDocument, IsolationDocument, LitmusDocument } from './guards.js';
import type { JunitCase, JunitSuite } from './junit.js';
import { runSuites } from './junit-run.js';

type Outcome = LitmusDocument['outcomes'][number];

const outcomeText = (values: Outcome['outcome']): string =>
  Object.entries(values)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
const percent = (share: number): string => `${Number((share * 100).toPrecision(3))}%`;

function litmusSuite(document: LitmusDocument): JunitSuite {
  const classname = `racedemo.litmus.${document.test}.${document.access}`;
  const forbidden = document.outcomes.filter((outcome) => outcome.grade === 'forbidden');
  const cases: JunitCase[] = forbidden.map((outcome) => ({
    name: `forbidden ${outcomeText(outcome.outcome)} never seen`,
    classname,
    seconds: 0,
    ...(outcome.samples > 0
      ? { failure: { message: `forbidden outcome ${outcomeText(outcome.outcome)} seen in ${outcome.samples} of ${document.samples} samples`, type: 'ForbiddenOutcome', details: outcome.description } }
      : {}),
  }));
  const relaxed = document.outcomes
    .filter((outcome) => outcome.grade === 'interesting')
    .map((outcome) => `interesting ${outcomeText(outcome.outcome)}: ${outcome.samples} of ${document.samples} samples (${percent(outcome.frequency)})`);
  return {
    name: `racedemo litmus ${document.test} (${document.access})`,
    seconds: document.elapsedMs / 1000,
    properties: {
      test: document.test,
      access: document.access,
      samples: document.samples,
      samplesPerSecond: document.samplesPerSecond,
      cpu: document.cpu.model,
      arch: document.cpu.arch,
      cores: document.cpu.cores,
      v8: document.v8,
    },
    cases: cases.length > 0 ? cases : [{ name: 'no forbidden outcome', classname, seconds: 0 }],
    ...(relaxed.length > 0 ? { output: relaxed.join('\n') } : {}),
  };
}

type Verdict = { result: 'occurs' | 'prevented'; how?: string; evidence: string };
const verdictText = (verdict: Verdict): string => (verdict.result === 'occurs' ? 'occurs' : `prevented (${verdict.how ?? ''})`);
const informational = (name: string, classname: string, output: string): JunitCase => ({ name, classname, seconds: 0, output });

function isolationSuite(document: IsolationDocument): JunitSuite {
  if (document.store === 'redis') {
    const patterns = Object.entries(document.patterns);
    return {
      name: `racedemo isolation redis ${document.server}`,
      seconds: 0,
      properties: { store: 'redis', server: document.server, ...Object.fromEntries(patterns.map(([pattern, cell]) => [pattern, verdictText(cell)])) },
      cases: patterns.map(([pattern, cell]) =>
        informational(`lost update with ${pattern}`, 'racedemo.isolation.redis', `${verdictText(cell)}: ${cell.evidence}`),
      ),
    };
  }
  const occurs = document.levels.map(({ level, anomalies }) => {
    const names = Object.entries(anomalies).filter(([, cell]) => cell.result === 'occurs').map(([name]) => name);
    return [`occurs at ${level}`, names.join(' ') || 'none'];
  });
  return {
    name: `racedemo isolation postgres ${document.server}`,
    seconds: 0,
    properties: { store: 'postgres', server: document.server, ...Object.fromEntries(occurs) },
    cases: document.levels.flatMap(({ level, anomalies }) =>
      Object.entries(anomalies).map(([anomaly, cell]) =>
        informational(`${anomaly} at ${level}`, `racedemo.isolation.postgres.${level.replaceAll(' ', '-')}`, `${verdictText(cell)}: ${cell.evidence}`),
      ),
    ),
  };
}

function fixesSuite(document: FixesDocument): JunitSuite {
  return {
    name: `racedemo isolation --fixes postgres ${document.server}`,
    seconds: 0,
    properties: { store: 'postgres', server: document.server, trials: document.trials, workers: document.workers, increments: document.increments },
    cases: document.fixes.map((fix) =>
      informational(
        `${fix.fix} at ${fix.level}`,
        'racedemo.isolation.fixes',
        `${fix.lostUpdates} of ${fix.updates} increments lost, ${fix.failed} refused; ${fix.updatesPerSecond} updates/s, ${fix.abortsPerUpdate} aborts and ${fix.retriesPerUpdate} retries per update, ${fix.meanWaitMs} ms waiting per update`,
      ),
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
  'isolation-fixes': (document) => [fixesSuite(document)],
};

export function documentSuites(documents: readonly AnyDocument[]): JunitSuite[] {
  return documents.flatMap((document) => (suitesOf[document.kind] as (document: AnyDocument) => JunitSuite[])(document));
}
