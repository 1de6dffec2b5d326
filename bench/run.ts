// `npm run bench`: runs every benchmark in turn, prints one table per section
// on stdout (progress on stderr), checks the targets, and writes
// everything with the machine it came from to bench/results.json.
// `node dist/bench/run.js --only locks,python` runs some sections only (and
// writes no results file).
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { machine, progress, table, type Cell } from './measure.js';
import { processDesigns } from './lock-designs.js';
import { litmusBench, type LitmusFigure } from './litmus.js';
import { holderDies, type RecoveryFigures } from './lock-recovery.js';
import { measureProcessLock, type LockFigures } from './process-locks.js';
import { compareWithPython, type PythonComparison } from './python.js';
import { startupTimes, type StartupFigures } from './startup.js';
import { measureThreadLock } from './thread-locks.js';
import { scenariosAtDefaults, threadCounterWindow0, trialOverhead, type TrialFigures } from './trials.js';

const resultsFile = fileURLToPath(new URL('../../bench/results.json', import.meta.url));
const sections = ['startup', 'overhead', 'scenarios', 'locks', 'python', 'litmus'] as const;
type Section = (typeof sections)[number];

interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

function chosenSections(argv: readonly string[]): Set<Section> {
  const at = argv.indexOf('--only');
  if (at < 0) return new Set(sections);
  const names = (argv[at + 1] ?? '').split(',');
  return new Set(sections.filter((section) => names.includes(section)));
}

function trialRows(figures: readonly TrialFigures[]): Cell[][] {
  return figures.map((f) => [
    f.scenario,
    f.engine,
    f.lock ? 'lock' : 'no lock',
    `${f.workload.workers}×${f.workload.iterations} w${f.workload.window} p${f.workload.pause}`,
    f.trials,
    f.totalMs / f.trials,
    f.perTrialMs.median,
    f.trialsPerSecond,
    `${(f.raceRate * 100).toFixed(0)}%`,
  ]);
}

const trialHeader = ['scenario', 'engine', 'lock', 'workload', 'trials', 'ms/trial', 'median ms', 'trials/s', 'raced'];

function lockRows(figures: readonly LockFigures[]): Cell[][] {
  return figures.map((f) => [
    f.engine,
    f.design,
    f.competitors === 1 ? 'uncontended' : `contended (${f.competitors})`,
    f.ops * f.rounds,
    f.usPerOp,
    f.usPerOpAll,
    f.lost === 0 ? 'none' : String(f.lost),
  ]);
}

async function main(): Promise<void> {
  const only = chosenSections(process.argv);
  const host = await machine();
  const results: Record<string, unknown> = { machine: host };
  if (host.busyBefore > 0.15) {
    progress(`warning: the CPUs were ${Math.round(host.busyBefore * 100)}% busy before the bench began; other work skews every figure`);
  }
  const targets: Target[] = [];
  const print = (text: string): void => void process.stdout.write(`${text}\n\n`);

  if (only.has('startup')) {
    progress('start-up time');
    const startup: StartupFigures[] = startupTimes();
    results.startup = startup;
    print(table('Start-up (spawn to exit)', ['command', 'runs', 'median ms', 'min ms'], startup.map((s) => [s.command, s.runs, s.medianMs, s.minMs])));
    for (const figure of startup.filter((s) => s.command.startsWith('racedemo'))) {
      targets.push({ name: `${figure.command} starts`, target: '< 150 ms', measured: `${figure.medianMs} ms`, met: figure.medianMs < 150 });
    }
  }

  if (only.has('overhead')) {
    progress('trial overhead (empty scenario) and thread-counter --window 0');
    const overhead = await trialOverhead();
    const window0 = await threadCounterWindow0();
    results.trialOverhead = overhead;
    results.threadCounterWindow0 = window0;
    print(table('Trial overhead: an empty scenario, and thread-counter --window 0', trialHeader, trialRows([...overhead, window0])));
    targets.push({
      name: 'threads: thread-counter --window 0, unlocked',
      target: '≥ 2,000 trials/s',
      measured: `${window0.trialsPerSecond} trials/s`,
      met: window0.trialsPerSecond >= 2000,
    });
  }

  if (only.has('scenarios')) {
    progress('the four scenarios at their defaults');
    const figures = await scenariosAtDefaults();
    results.scenarios = figures;
    print(table('The four scenarios at their defaults (ms/trial = total time / trials)', trialHeader, trialRows(figures)));
  }

  if (only.has('locks')) {
    const figures: LockFigures[] = [];
    for (const competitors of [1, 2]) {
      progress(`threads lock, ${competitors} thread(s)`);
      for (const locked of [true, false]) figures.push(await measureThreadLock(locked, competitors));
    }
    for (const competitors of [1, 2]) {
      for (const design of processDesigns) {
        progress(`processes lock: ${design}, ${competitors} process(es)`);
        figures.push(await measureProcessLock(design, competitors));
      }
    }
    results.locks = figures;
    const header = ['engine', 'design', 'competition', 'cycles', 'µs/cycle each', 'µs/cycle all', 'lost'];
    print(table('Locks: acquire + critical section (read + write a shared counter) + release', header, lockRows(figures)));
    progress('processes lock: the holder dies holding it');
    const recovery: RecoveryFigures[] = [];
    for (const design of ['tokens', 'bakery', 'broker', 'lockfile'] as const) recovery.push(await holderDies(design));
    results.lockRecovery = recovery;
    const recoveryRows = recovery.map((r): Cell[] => [r.design, r.survivorWaitedMs ?? 'never (stuck)']);
    print(table('Locks: the holder is SIGKILLed holding the lock; the survivor asks for it', ['design', 'survivor waited ms'], recoveryRows));
  }

  if (only.has('python')) {
    progress("the tutorial's Python program against racedemo");
    const comparison: PythonComparison = await compareWithPython();
    results.python = comparison;
    if ('skipped' in comparison) {
      print(`Python comparison skipped: ${comparison.skipped}`);
    } else {
      const rows = [comparison.unlocked, comparison.locked].map((s): Cell[] => [
        s.lock ? 'lock' : 'no lock',
        s.python.runMs,
        s.python.arrayMs,
        s.racedemo.arrayMs,
        s.racedemo.valueMs,
        s.ratio,
        s.ratioMedian,
        s.ratioArrayPart,
        s.ratioWholeProgram,
      ]);
      const header = ['', 'py ms/run', 'py array ms', 'rd array ms', 'rd value ms', 'array/run', 'medians', 'array/array', 'both/run'];
      print(table(`Python ${comparison.python} (${comparison.startMethod}), ${comparison.runs} runs, vs racedemo processes, ${comparison.trials} trials`, header, rows));
      const { unlocked, locked } = comparison;
      const percent = (rate: number): string => `${Math.round(rate * 100)}%`;
      print(
        `  races without the lock: Python value ${percent(unlocked.python.valueRaceRate)}, array ${percent(unlocked.python.arrayRaceRate)} of runs; ` +
          `racedemo value ${percent(unlocked.racedemo.valueRaceRate)}, array ${percent(unlocked.racedemo.arrayRaceRate)} of trials`,
      );
      targets.push({ name: 'processes: process-array / Python run, unlocked', target: '≤ 0.2', measured: String(unlocked.ratio), met: unlocked.ratio <= 0.2 });
      targets.push({ name: 'processes: process-array / Python run, locked', target: '≤ 0.5', measured: String(locked.ratio), met: locked.ratio <= 0.5 });
    }
  }

  if (only.has('litmus')) {
    const litmus = await litmusBench(progress);
    results.litmus = litmus;
    const rows = (figures: LitmusFigure[]): Cell[][] =>
      figures.map((f) => [f.label, f.samplesPerSecond, f.ratio, `${(f.relaxedShare * 100).toFixed(3)}%`]);
    const header = ['harness', 'samples/s', '× naive', 'relaxed'];
    print(table('Litmus harness choices, SB with plain accesses (median of 3 runs; × naive = against one instance per round)', header, rows([litmus.baseline, ...litmus.choices])));
    print(table('Litmus tests at the defaults (median of 3 runs of 5M samples)', ['test', 'samples/s', '× naive', 'relaxed'], rows(litmus.tests)));
    const slowest = Math.min(...litmus.tests.map((f) => f.samplesPerSecond));
    targets.push({ name: 'litmus: samples/s of the slowest test and mode', target: '≥ 10,000,000', measured: slowest.toLocaleString('en-US'), met: slowest >= 10_000_000 });
  }

  results.targets = targets;
  const loadAtEnd = loadavg().map((load) => Math.round(load * 100) / 100);
  results.loadAverageAtEnd = loadAtEnd;
  // The bench itself keeps about as many processes busy as there are cores; much more means other work ran too.
  if ((loadAtEnd[0] ?? 0) > 1.5 * host.availableParallelism + 1) {
    progress(`warning: load average ${loadAtEnd[0]} at the end: other work probably ran during the bench`);
  }
  if (targets.length > 0) print(table('Targets', ['target', 'goal', 'measured', 'met'], targets.map((t) => [t.name, t.target, t.measured, t.met ? 'yes' : 'NO'])));
  if (only.size < sections.length) return; // a partial run leaves the full results alone
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  progress(`wrote ${resultsFile}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
