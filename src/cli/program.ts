// The command-line program: parse → validate → run → render. Every failure
// becomes one line on stderr and an exit code here, at the top, and nowhere else.
import { createRequire } from 'node:module';
import type { Command } from 'commander';
import { ExitCode, messageOf, RacedemoError, UsageError } from '../errors.js';
import { shown } from '../trust/text.js';
import { exploreOptions, oneOf, reportFormats, runOptions, sweepOptions, type ExploreFlags, type OptionSpec, type RunFlags, type SweepFlags } from './options.js';
import { tool } from '../tool.js';
import { processIo, stdoutError, type Io } from './output.js';
import type { WorkerFlags } from '../remote/worker.js';
import type { IsolationFlags } from '../isolation/command.js';
import { litmusOptions, type LitmusFlags } from '../litmus/options.js';
// Commander through require(): its ESM wrapper cost more at start-up than commander itself.
const commander = createRequire(import.meta.url)('commander') as typeof import('commander');

const examples = exampleLines([
  ['racedemo run process-array --no-lock --trials 50', 'see lost updates between processes'],
  ['racedemo run thread-counter --compare', 'the same trials without and with the lock'],
  ["racedemo run queue-workers --no-lock --json | jq '.races'", ''],
  ['racedemo run process-value --lock --expect safe -q', 'exit 1 if the lock ever fails (for CI)'],
  ['racedemo list', 'the scenarios'],
  ['racedemo show thread-counter', 'what a scenario does and why it races'],
  ['racedemo explore thread-counter --no-lock', 'every possible outcome, and a schedule for each'],
  ['racedemo sweep thread-counter --window 0,0.01,0.1,1', 'race rate against the race window'],
  ['racedemo run thread-counter --store postgres://localhost/race --no-lock', 'lost updates in a real database'],
]);

/** An Examples section whose descriptions line up; a command too long for the column puts its description below it. */
export function exampleLines(examples: ReadonlyArray<readonly [string, string]>, column = 52): string {
  const width = Math.min(column, Math.max(...examples.map(([command]) => command.length)));
  const lines = examples.map(([command, description]) => {
    if (!description) return `  ${command}`;
    return command.length <= width ? `  ${command.padEnd(width)}  ${description}` : `  ${command}\n  ${''.padEnd(width)}  ${description}`;
  });
  return `\nExamples:\n${lines.join('\n')}`;
}

function buildProgram(io: Io): Command {
  const program = new commander.Command('racedemo')
    .description('Race conditions you can see: run a scenario with and without a lock, on threads or processes, over many trials.')
    .version(tool.version, '-V, --version')
    .addHelpText('after', examples)
    .exitOverride()
    .configureOutput({ writeOut: (text) => void io.stdout.write(text), writeErr: (text) => void io.stderr.write(text), outputError: () => {} });

  const run = program
    .command('run')
    .description('run a scenario for N trials and show the final values and how often they raced')
    .argument('<scenario>', 'a built-in scenario name, or a path to a scenario file (./my-scenario.js)')
    .addHelpText(
      'after',
      `
Examples:
  racedemo run process-array --no-lock --trials 50
  racedemo run thread-counter --no-lock --window 1 --workers 4
  racedemo run process-array --engine threads --compare
  racedemo run thread-counter --preset tutorial --no-lock
  racedemo run process-value --no-lock --format ndjson | jq -c 'select(.raced)'`,
    )
    .action(async (reference: string, flags: RunFlags) => {
      const { runCommand } = await import('./commands/run.js');
      await runCommand(reference, flags, io);
    });
  addOptions(run, runOptions);

  const exploreCommand = program
    .command('explore')
    .description('every possible final value of a scenario, by running its workers under a deterministic scheduler')
    .argument('<scenario>', 'a built-in scenario name or a scenario file')
    .addHelpText(
      'after',
      `
Every shared read, write and lock acquire is a switch point. Without --seed,
all schedules are enumerated (up to --max-schedules); with --seed, a sample.

Examples:
  racedemo explore thread-counter --no-lock            {1, 2}: and a schedule for each
  racedemo explore thread-counter --lock               only the expected value is possible
  racedemo explore process-array --no-lock --seed 7 --schedules 500`,
    )
    .action(async (reference: string, flags: ExploreFlags) => {
      const { exploreCommand: command } = await import('./commands/explore.js');
      await command(reference, flags, io);
    });
  addOptions(exploreCommand, exploreOptions);

  const sweepCommand = program
    .command('sweep')
    .description('race rate against the race window (or the pause), as a table and a chart')
    .argument('<scenario>', 'a built-in scenario name or a scenario file')
    .addHelpText(
      'after',
      `
Examples:
  racedemo sweep thread-counter --window 0,0.01,0.1,1
  racedemo sweep process-value --pause 0,0.1,1 --trials 50
  racedemo sweep process-array --window 0,0.05,0.2 --json | jq '.points[] | [.value, .run.races.rate]'`,
    )
    .action(async (reference: string, flags: SweepFlags) => {
      const { sweepCommand: command } = await import('./commands/sweep.js');
      await command(reference, flags, io);
    });
  addOptions(sweepCommand, sweepOptions);

  program
    .command('list')
    .description('list the built-in scenarios')
    .option('--json', 'print an array of { name, summary, engine, defaults }')
    .addHelpText('after', '\nExamples:\n  racedemo list\n  racedemo list --json | jq -r \'.[].name\'')
    .action(async (flags: { json?: boolean }) => {
      const { listCommand } = await import('./commands/catalog.js');
      await listCommand(flags, io);
    });

  program
    .command('show')
    .description('what a scenario does, its worker body, the expected value, and why it races')
    .argument('<scenario>', 'a built-in scenario name or a scenario file')
    .argument('[test]', "after 'litmus': the litmus test to explain (SB, MP, LB, CoRR, IRIW, 2+2W)")
    .option('--json', 'print the same as one JSON document')
    .addHelpText('after', '\nExamples:\n  racedemo show process-array\n  racedemo show ./my-scenario.js --json\n  racedemo show litmus SB')
    .action(async (reference: string, test: string | undefined, flags: { json?: boolean }) => {
      if (reference === 'litmus') return (await import('../litmus/show.js')).showLitmus(test, flags, io);
      if (test !== undefined) throw new UsageError(`show takes one scenario (got a second argument '${test.replace(/[^\w+-]/g, '?')}')`);
      const { showCommand } = await import('./commands/catalog.js');
      await showCommand(reference, flags, io);
    });
  const litmus = program
    .command('litmus')
    .description("run a litmus test (SB, MP, LB, CoRR, IRIW, 2+2W) on this CPU and grade each outcome against JavaScript's memory model")
    .argument('<test>', "a test name, 'all' or 'list'")
    .addHelpText('after', '\nExamples:\n  racedemo litmus SB\n  racedemo litmus all --access atomics --samples 100000000\n  racedemo litmus all --format html > litmus.html\n  racedemo show litmus SB')
    .action(async (test: string, flags: LitmusFlags) => {
      const { litmusCommand } = await import('../litmus/command.js');
      await litmusCommand(test, flags, io);
    });
  addOptions(litmus, litmusOptions);
  program
    .command('isolation')
    .description("which anomalies a database's isolation levels let through, run on the real server; --fixes races the lost-update fixes")
    .requiredOption('--store <url>', 'the postgres://… or redis://… server to test (a throwaway schema or key prefix, removed afterwards)')
    .option('--test <anomaly>', 'trace one test as a timeline: G0, G1a, G1b, G1c, OTV, PMP, P4, G-single, G2-item or G2')
    .option('--level <level>', "only this level: 'read committed', 'repeatable read' or 'serializable'")
    .option('--fixes', 'race the lost-update counter for real, once per fix, and compare the fixes')
    .option('-t, --trials <n>', 'trials per fix with --fixes (default 20)')
    .option('-w, --workers <n>', 'concurrent connections per trial with --fixes (default 4)')
    .option('--json', 'print one JSON document')
    .addOption(new commander.Option('--format <format>', 'table, json, html (one page) or junit (a test case per cell) (default: table)').argParser(oneOf('--format', reportFormats)))
    .addHelpText('after', "\nExamples:\n  racedemo isolation --store postgres://localhost/race\n  racedemo isolation --store postgres://localhost/race --format html > isolation.html\n  racedemo isolation --store postgres://localhost/race --test P4 --level 'read committed'\n  racedemo isolation --store postgres://localhost/race --fixes --trials 50\n  racedemo isolation --store redis://localhost\n  racedemo show isolation                       the anomalies in plain words")
    .action(async (flags: IsolationFlags) => {
      const { isolationCommand } = await import('../isolation/command.js');
      await isolationCommand(flags, io);
    });
  program
    .command('worker')
    .description("join runs as a remote worker: wait on a store for 'racedemo run … --store URL --remote-workers N'")
    .requiredOption('--store <url>', 'the postgres://… or redis://… URL the run uses (as this machine reaches it)')
    .option('--once', 'leave after one run (default: serve runs until Ctrl-C)')
    .option('-q, --quiet', 'no messages on stderr')
    .option('--secret-file <path>', "the file holding the class's shared secret (default: RACEDEMO_SECRET)")
    .option('--scenario <path>', 'a scenario file, or a directory of them, that runs may use here (default: built-in scenarios only)')
    .addHelpText(
      'after',
      `
Examples:
  RACEDEMO_SECRET=… racedemo worker --store postgres://class@db.example:5432/race
  racedemo worker --store postgres://class@db.example:5432/race --secret-file ~/.racedemo-secret --scenario ./my-lesson.mjs
  racedemo run thread-counter --store postgres://class@db.example:5432/race --workers 4 --remote-workers 3 --no-lock`,
    )
    .action(async (flags: WorkerFlags) => {
      const { workerCommand } = await import('../remote/worker.js');
      await workerCommand(flags, io);
    });
  program
    .command('report')
    .description('render saved results (--json documents, a list of them, or an ndjson stream) as one HTML page')
    .argument('<files...>', "files written by --json or --format ndjson, or '-' for stdin")
    .addOption(new commander.Option('--format <format>', 'html or junit (default: html)').choices(['html', 'junit']))
    .addHelpText(
      'after',
      '\nExamples:\n  racedemo run thread-counter --no-lock --json > run.json\n  racedemo report run.json > report.html\n  racedemo explore thread-counter --no-lock --json > explore.json\n  racedemo report explore.json run.json > possible-vs-observed.html',
    )
    .action(async (files: string[], flags: { format?: 'html' | 'junit' }) => {
      const { reportCommand } = await import('./commands/report.js');
      await reportCommand(files, flags, io);
    });
  program
    .command('init')
    .description('write a commented starter scenario, <name>.mjs, in this folder')
    .argument('<name>', 'the scenario name, like my-counter')
    .addHelpText('after', '\nExamples:\n  racedemo init my-counter && racedemo run ./my-counter.mjs --compare')
    .action(async (name: string) => {
      const { initCommand } = await import('./commands/init.js');
      initCommand(name, io);
    });
  return program;
}

function addOptions(command: Command, specs: Record<string, OptionSpec>): void {
  for (const spec of Object.values(specs)) {
    const option = new commander.Option(spec.flags, spec.description);
    if (spec.parse) option.argParser(spec.parse);
    if (spec.defaultValue !== undefined) option.default(spec.defaultValue);
    command.addOption(option);
    if (spec.negation) command.addOption(new commander.Option(spec.negation.flags, spec.negation.description));
  }
}

/**
 * Runs the CLI with `io` (the process's own streams by default; tests pass
 * captures) and returns the exit code: bin/racedemo.js sets process.exitCode.
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  // Commander writes help and version straight to stdout: a reader that went away ends quietly,
  // and a stdout that fails (a full disk) is one line and exit 3, whatever the command.
  let failed: RacedemoError | undefined;
  const onError = (error: NodeJS.ErrnoException): void => void (failed ??= stdoutError(error));
  io.stdout.on('error', onError);
  let code: number;
  try {
    await buildProgram(io).parseAsync(argv);
    code = ExitCode.ok;
  } catch (error) {
    code = report(error, io);
  }
  // A failed write is reported on the next tick: let it arrive. (The listener stays: a late EPIPE must not crash.)
  await new Promise((resolve) => setImmediate(resolve));
  if (failed && (code === ExitCode.ok || code === ExitCode.expectationNotMet)) code = report(failed, io);
  return code;
}

/**
 * One line on stderr for the error; returns the exit code. Every line passes
 * through shown(): it may quote an argument, a file or a store's text, so no
 * control character and no password reaches the terminal.
 */
function report(error: unknown, io: Io): number {
  if (error instanceof commander.CommanderError) {
    // --help and --version end here too, with code 0 and their text already printed.
    if (error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok;
    if (error.code === 'commander.help') return ExitCode.usage;
    // Commander writes '(Did you mean …?)'; racedemo's own messages say '(did you mean …?)'.
    const text = error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').replace('(Did you mean', '(did you mean');
    io.stderr.write(`racedemo: ${shown(text)}\n`);
    return ExitCode.usage;
  }
  const debug = /(^|,)racedemo(,|$)/.test(io.env.DEBUG ?? '');
  if (error instanceof RacedemoError) {
    io.stderr.write(`racedemo: ${shown(error.message)}\n`);
    if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = messageOf(error);
  io.stderr.write(`racedemo: unexpected error: ${shown(message)} (DEBUG=racedemo shows the stack)\n`);
  if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return ExitCode.runFailed;
}
