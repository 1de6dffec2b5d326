// `racedemo list` and `racedemo show`: what the scenarios are, for people and programs.
import { wrapWords } from '../../report/fit.js';
import { loadBuiltInScenarios, loadScenario } from '../../scenario/catalog.js';
import type { Scenario } from '../../scenario/api.js';
import { formatFinal, workloadSize } from '../../report/values.js';
import { isStoreTopic, storeLessons, type StoreLesson } from '../../stores/lessons.js';
import { UsageError } from '../../errors.js';
import type { Context } from '../output.js';

interface ScenarioEntry {
  name: string;
  summary: string;
  engine: string;
  defaults: Scenario['defaults'];
}

function entry(scenario: Scenario): ScenarioEntry {
  return { name: scenario.name, summary: scenario.summary, engine: scenario.engine, defaults: scenario.defaults };
}

function workloadText({ workers, iterations, window, pause }: Scenario['defaults']): string {
  return `${workloadSize({ workers, iterations })}, window ${window} ms, pause ${pause} ms`;
}

export async function listCommand(flags: { json?: boolean }, { out: output }: Context): Promise<void> {
  const scenarios = await loadBuiltInScenarios();
  if (flags.json) {
    output.line(JSON.stringify(scenarios.map(entry), null, 2));
    return;
  }
  const width = Math.max(...scenarios.map((scenario) => scenario.name.length));
  for (const scenario of scenarios) {
    output.line(`${scenario.name.padEnd(width)}  ${scenario.engine.padEnd(9)}  ${scenario.summary}`);
  }
  output.line('');
  output.line("Run one with 'racedemo run <scenario> --no-lock'; read one with 'racedemo show <scenario>'.");
  output.line("Race on a real database with --store postgres://… or redis://…; read how with 'racedemo show postgres' or 'racedemo show redis'.");
}

/** `show <scenario>`, `show postgres|redis|isolation`, or `show litmus [test]`: the one command that takes a second argument. */
export async function showCommand(reference: string, test: string | undefined, flags: { json?: boolean }, context: Context): Promise<void> {
  if (reference === 'litmus') return (await import('../../litmus/show.js')).showLitmus(test, flags, context);
  if (test !== undefined) throw new UsageError(`show takes one scenario (got a second argument '${test.replace(/[^\w+-]/g, '?')}')`);
  const { out: output } = context;
  if (reference === 'isolation') {
    const { lessons, isolationLessonText } = await import('../../isolation/explain.js');
    output.line(flags.json ? JSON.stringify(lessons, null, 2) : isolationLessonText());
    return;
  }
  if (isStoreTopic(reference)) {
    const lesson = storeLessons[reference];
    output.line(flags.json ? JSON.stringify(lesson, null, 2) : storeLessonText(lesson));
    return;
  }
  const { scenario } = await loadScenario(reference);
  const expected = scenario.expected(scenario.defaults);
  if (flags.json) {
    output.line(JSON.stringify({ ...entry(scenario), tutorial: scenario.tutorial ?? null, expected, lesson: scenario.lesson ?? null }, null, 2));
    return;
  }
  const lines = [
    `${scenario.name} — ${scenario.summary}`,
    '',
    `engine:   ${scenario.engine} (change with --engine)`,
    `defaults: ${workloadText(scenario.defaults)}`,
    ...(scenario.tutorial ? [`tutorial: ${workloadText({ ...scenario.defaults, ...scenario.tutorial })} (--preset tutorial)`] : []),
    `expected: ${formatFinal(expected)} (with the defaults)`,
  ];
  if (scenario.lesson) {
    lines.push('', 'What it does', `  ${scenario.lesson.what}`, '', 'Worker body');
    lines.push(...scenario.lesson.body.split('\n').map((line) => `  ${line}`));
    lines.push('', 'What goes wrong without the lock, and why', `  ${scenario.lesson.whyItRaces}`);
  }
  lines.push('', `Try: racedemo run ${scenario.name} --compare`);
  output.line(lines.join('\n'));
}

function storeLessonText(lesson: StoreLesson): string {
  const indent = (text: string): string => wrapWords(text, 76).map((line) => `  ${line}`).join('\n');
  return [
    `${lesson.name} — ${lesson.summary}`,
    '',
    'Where the slots live',
    indent(lesson.slots),
    '',
    'The lock (--store-lock)',
    ...lesson.locks.flatMap((lock) => [indent(`${lock.name}: ${lock.how}`)]),
    '',
    'Workers on other machines',
    indent(lesson.remote),
    '',
    `Try: ${lesson.example}`,
  ].join('\n');
}
