// `racedemo litmus <test>|all|list`: run litmus tests on this machine's CPU,
// grade every outcome against the ECMAScript memory model, print a table (or
// JSON) per test and access mode, or one HTML page or JUnit file for all of
// them, and fail (exit 1) on a forbidden outcome.
import { ExpectationError, UsageError } from '../errors.js';
import { documentFormatOf } from '../cli/options.js';
import type { Context } from '../cli/output.js';
import { withRunSignals } from '../cli/signals.js';
import { gradeHistogram } from './grade.js';
import { runHarness } from './harness.js';
import { litmusDefaults, type LitmusFlags } from './options.js';
import { litmusDocument, machineHeader, renderList, renderRun, type LitmusDocument } from './report.js';
import { accesses, findTest, litmusTests, type Access, type LitmusTest } from './tests.js';

/** The tests a command-line argument names: one test, or all of them. */
export function selectTests(argument: string): LitmusTest[] {
  if (argument.toLowerCase() === 'all') return [...litmusTests];
  const test = findTest(argument);
  if (!test) {
    const names = litmusTests.map((entry) => entry.name).join(', ');
    throw new UsageError(`unknown litmus test '${argument.replace(/[^\w+-]/g, '?')}': one of ${names}, all or list`);
  }
  return [test];
}

export async function litmusCommand(argument: string, flags: LitmusFlags, context: Context): Promise<void> {
  const format = documentFormatOf(flags);
  const output = context.out;
  if (argument.toLowerCase() === 'list') {
    if (format === 'html' || format === 'junit') throw new UsageError(`--format ${format} is for runs: 'litmus list' prints a table or --json`);
    output.line(format === 'json' ? JSON.stringify(litmusTests.map(({ name, title }) => ({ name, title })), null, 2) : renderList());
    return;
  }
  const tests = selectTests(argument);
  const modes: readonly Access[] = flags.access === 'both' ? accesses : [flags.access];
  const documents: LitmusDocument[] = [];
  const samples = flags.samples ?? litmusDefaults.samples;
  const timeMs = flags.time ?? (flags.samples === undefined ? litmusDefaults.timeMs : undefined);
  await withRunSignals(output, async (signal) => {
    if (format === 'table') output.line(machineHeader());
    for (const test of tests) {
      for (const access of modes) {
        const result = await runHarness({ test, access, samples, signal, ...(timeMs !== undefined ? { timeMs } : {}) });
        const outcomes = gradeHistogram(test, access, result.layout, result.histogram);
        const document = litmusDocument(test, access, result, outcomes);
        documents.push(document);
        if (format === 'table') output.line(renderRun(test, document));
      }
    }
  }, context.signal);
  if (format === 'json') output.line(JSON.stringify(documents.length === 1 ? documents[0] : documents, null, 2));
  if (format === 'html') output.write((await import('../report/html.js')).htmlReport(documents));
  if (format === 'junit') {
    const [{ junitXml }, { documentSuites }] = await Promise.all([import('../report/junit.js'), import('../report/junit-documents.js')]);
    output.write(junitXml(documentSuites(documents)));
  }
  checkNothingForbidden(documents);
}

/** Throws ExpectationError (exit 1) naming every forbidden outcome that was seen. */
export function checkNothingForbidden(documents: readonly LitmusDocument[]): void {
  const forbidden = documents.flatMap((document) =>
    document.outcomes.filter((outcome) => outcome.grade === 'forbidden' && outcome.samples > 0).map((outcome) => `${document.test} ${document.access} ${formatOutcome(outcome.outcome)} (${outcome.samples})`),
  );
  if (forbidden.length > 0) throw new ExpectationError(`forbidden outcome seen: ${forbidden.join('; ')}`);
}

export function formatOutcome(values: Record<string, number>): string {
  return Object.entries(values).map(([name, value]) => `${name}=${value}`).join(' ');
}
