// Every command as a spec (spec.ts), in the order `racedemo --help` lists
// them. A spec's run imports its command's module only when it runs: building
// the program, or its help, loads none of them.
import { litmusOptions, type LitmusFlags } from '../litmus/options.js';
import { isolationOptions, type IsolationFlags } from '../isolation/options.js';
import type { WorkerFlags } from '../remote/worker.js';
import { exploreOptions, runOptions, sweepOptions, type ExploreFlags, type OptionSpec, type RunFlags, type SweepFlags } from './options.js';
import type { CommandSpec, ProgramSpec } from './spec.js';

/** A spec, its types checked against its own arguments and flags. */
function command<Args extends unknown[], Flags>(spec: CommandSpec<Args, Flags>): CommandSpec<Args, Flags> {
  return spec;
}

/** An Examples section whose descriptions line up; a command too long for the column puts its description below it. */
function exampleLines(examples: ReadonlyArray<readonly [string, string]>, column = 52): string {
  const width = Math.min(column, Math.max(...examples.map(([line]) => line.length)));
  const lines = examples.map(([line, description]) => {
    if (!description) return `  ${line}`;
    return line.length <= width ? `  ${line.padEnd(width)}  ${description}` : `  ${line}\n  ${''.padEnd(width)}  ${description}`;
  });
  return `\nExamples:\n${lines.join('\n')}`;
}

/** An Examples section of plain command lines, after an optional paragraph. */
function examples(lines: readonly string[], before = ''): string {
  return `\n${before ? `${before}\n\n` : ''}Examples:\n${lines.map((line) => `  ${line}`).join('\n')}`;
}

interface JsonFlags {
  json?: boolean;
}
const json = (description: string): Record<keyof JsonFlags, OptionSpec> => ({ json: { flags: '--json', description } });
const scenarioArgument = { name: '<scenario>', description: 'a built-in scenario name or a scenario file' };

const run = command<[string], RunFlags>({
  name: 'run',
  description: 'run a scenario for N trials and show the final values and how often they raced',
  arguments: [{ name: '<scenario>', description: 'a built-in scenario name, or a path to a scenario file (./my-scenario.js)' }],
  options: runOptions,
  examples: examples([
    'racedemo run process-array --no-lock --trials 50',
    'racedemo run thread-counter --no-lock --window 1 --workers 4',
    'racedemo run process-array --engine threads --compare',
    'racedemo run thread-counter --preset tutorial --no-lock',
    "racedemo run process-value --no-lock --format ndjson | jq -c 'select(.raced)'",
  ]),
  run: async ([reference], flags, context) => (await import('./commands/run.js')).runCommand(reference, flags, context),
});

const explore = command<[string], ExploreFlags>({
  name: 'explore',
  description: 'every possible final value of a scenario, by running its workers under a deterministic scheduler',
  arguments: [scenarioArgument],
  options: exploreOptions,
  examples: examples(
    [
      'racedemo explore thread-counter --no-lock            {1, 2}: and a schedule for each',
      'racedemo explore thread-counter --lock               only the expected value is possible',
      'racedemo explore process-array --no-lock --seed 7 --schedules 500',
    ],
    'Every shared read, write and lock acquire is a switch point. Without --seed,\nall schedules are enumerated (up to --max-schedules); with --seed, a sample.',
  ),
  run: async ([reference], flags, context) => (await import('./commands/explore.js')).exploreCommand(reference, flags, context),
});

const sweep = command<[string], SweepFlags>({
  name: 'sweep',
  description: 'race rate against the race window (or the pause), as a table and a chart',
  arguments: [scenarioArgument],
  options: sweepOptions,
  examples: examples([
    'racedemo sweep thread-counter --window 0,0.01,0.1,1',
    'racedemo sweep process-value --pause 0,0.1,1 --trials 50',
    "racedemo sweep process-array --window 0,0.05,0.2 --json | jq '.points[] | [.value, .run.races.rate]'",
  ]),
  run: async ([reference], flags, context) => (await import('./commands/sweep.js')).sweepCommand(reference, flags, context),
});

const list = command<[], JsonFlags>({
  name: 'list',
  description: 'list the built-in scenarios',
  arguments: [],
  options: json('print an array of { name, summary, engine, defaults }'),
  examples: examples(['racedemo list', "racedemo list --json | jq -r '.[].name'"]),
  run: async (_args, flags, context) => (await import('./commands/catalog.js')).listCommand(flags, context),
});

const show = command<[string, string | undefined], JsonFlags>({
  name: 'show',
  description: 'what a scenario does, its worker body, the expected value, and why it races',
  arguments: [scenarioArgument, { name: '[test]', description: "after 'litmus': the litmus test to explain (SB, MP, LB, CoRR, IRIW, 2+2W)" }],
  options: json('print the same as one JSON document'),
  examples: examples(['racedemo show process-array', 'racedemo show ./my-scenario.js --json', 'racedemo show litmus SB']),
  run: async ([reference, test], flags, context) => (await import('./commands/catalog.js')).showCommand(reference, test, flags, context),
});

const litmus = command<[string], LitmusFlags>({
  name: 'litmus',
  description: "run a litmus test (SB, MP, LB, CoRR, IRIW, 2+2W) on this CPU and grade each outcome against JavaScript's memory model",
  arguments: [{ name: '<test>', description: "a test name, 'all' or 'list'" }],
  options: litmusOptions,
  examples: examples(['racedemo litmus SB', 'racedemo litmus all --access atomics --samples 100000000', 'racedemo litmus all --format html > litmus.html', 'racedemo show litmus SB']),
  run: async ([test], flags, context) => (await import('../litmus/command.js')).litmusCommand(test, flags, context),
});

const isolation = command<[], IsolationFlags>({
  name: 'isolation',
  description: "which anomalies a database's isolation levels let through, run on the real server; --fixes races the lost-update fixes",
  arguments: [],
  options: isolationOptions,
  examples: examples([
    'racedemo isolation --store postgres://localhost/race',
    'racedemo isolation --store postgres://localhost/race --format html > isolation.html',
    "racedemo isolation --store postgres://localhost/race --test P4 --level 'read committed'",
    'racedemo isolation --store postgres://localhost/race --fixes --trials 50',
    'racedemo isolation --store redis://localhost',
    'racedemo show isolation                       the anomalies in plain words',
  ]),
  run: async (_args, flags, context) => (await import('../isolation/command.js')).isolationCommand(flags, context),
});

const worker = command<[], WorkerFlags>({
  name: 'worker',
  description: "join runs as a remote worker: wait on a store for 'racedemo run … --store URL --remote-workers N'",
  arguments: [],
  options: {
    store: { flags: '--store <url>', description: 'the postgres://… or redis://… URL the run uses (as this machine reaches it)', required: true },
    once: { flags: '--once', description: 'leave after one run (default: serve runs until Ctrl-C)' },
    quiet: { flags: '-q, --quiet', description: 'no messages on stderr' },
    secretFile: { flags: '--secret-file <path>', description: "the file holding the class's shared secret (default: RACEDEMO_SECRET)" },
    scenario: { flags: '--scenario <path>', description: 'a scenario file, or a directory of them, that runs may use here (default: built-in scenarios only)' },
  },
  examples: examples([
    'RACEDEMO_SECRET=… racedemo worker --store postgres://class@db.example:5432/race',
    'racedemo worker --store postgres://class@db.example:5432/race --secret-file ~/.racedemo-secret --scenario ./my-lesson.mjs',
    'racedemo run thread-counter --store postgres://class@db.example:5432/race --workers 4 --remote-workers 3 --no-lock',
  ]),
  run: async (_args, flags, context) => (await import('../remote/worker.js')).workerCommand(flags, context),
});

const report = command<[string[]], { format?: 'html' | 'junit' }>({
  name: 'report',
  description: 'render saved results (--json documents, a list of them, or an ndjson stream) as one HTML page',
  arguments: [{ name: '<files...>', description: "files written by --json or --format ndjson, or '-' for stdin" }],
  options: { format: { flags: '--format <format>', description: 'html or junit (default: html)', choices: ['html', 'junit'] } },
  examples: examples([
    'racedemo run thread-counter --no-lock --json > run.json',
    'racedemo report run.json > report.html',
    'racedemo explore thread-counter --no-lock --json > explore.json',
    'racedemo report explore.json run.json > possible-vs-observed.html',
  ]),
  run: async ([files], flags, context) => (await import('./commands/report.js')).reportCommand(files, flags, context),
});

const init = command<[string], object>({
  name: 'init',
  description: 'write a commented starter scenario, <name>.mjs, in this folder',
  arguments: [{ name: '<name>', description: 'the scenario name, like my-counter' }],
  options: {},
  examples: examples(['racedemo init my-counter && racedemo run ./my-counter.mjs --compare']),
  run: async ([name], _flags, context) => (await import('./commands/init.js')).initCommand(name, context),
});

export const racedemo: ProgramSpec = {
  name: 'racedemo',
  description: 'Race conditions you can see: run a scenario with and without a lock, on threads or processes, over many trials.',
  examples: exampleLines([
    ['racedemo run process-array --no-lock --trials 50', 'see lost updates between processes'],
    ['racedemo run thread-counter --compare', 'the same trials without and with the lock'],
    ["racedemo run queue-workers --no-lock --json | jq '.races'", ''],
    ['racedemo run process-value --lock --expect safe -q', 'exit 1 if the lock ever fails (for CI)'],
    ['racedemo list', 'the scenarios'],
    ['racedemo show thread-counter', 'what a scenario does and why it races'],
    ['racedemo explore thread-counter --no-lock', 'every possible outcome, and a schedule for each'],
    ['racedemo sweep thread-counter --window 0,0.01,0.1,1', 'race rate against the race window'],
    ['racedemo run thread-counter --store postgres://localhost/race --no-lock', 'lost updates in a real database'],
  ]),
  commands: [run, explore, sweep, list, show, litmus, isolation, worker, report, init],
};
