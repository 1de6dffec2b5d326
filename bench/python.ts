// racedemo against the tutorial's Python multiprocessing program on the same
// work (bench/tutorial.py: 2 processes × 100 increments of a Value('i'), then
// 2 × 100 × 3 of an Array('d'), no sleeps), unlocked and locked. Skipped when
// python3 is not on the machine. racedemo keeps its processes across trials;
// the Python program starts its processes in every run, as the tutorial does.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fixed, mean, median } from './measure.js';
import { measureTrials, type TrialFigures } from './trials.js';

const script = fileURLToPath(new URL('../../bench/tutorial.py', import.meta.url));
const RUNS = 50;
const TRIALS = 500;

interface PythonSeries {
  runs: number;
  runMs: number[];
  valueMs: number[];
  arrayMs: number[];
  valueRaces: number;
  arrayRaces: number;
}

interface PythonDocument {
  python: string;
  startMethod: string;
  unlocked: PythonSeries;
  locked: PythonSeries;
}

export interface Side {
  lock: boolean;
  python: { runMs: number; runMedianMs: number; arrayMs: number; valueMs: number; valueRaceRate: number; arrayRaceRate: number; runs: number };
  racedemo: { arrayMs: number; arrayMedianMs: number; valueMs: number; valueRaceRate: number; arrayRaceRate: number };
  /** racedemo process-array ms/trial ÷ the Python program's ms/run: the target ratio. */
  ratio: number;
  /** The same with medians on both sides. */
  ratioMedian: number;
  /** Like for like: process-array ÷ Python's array part alone. */
  ratioArrayPart: number;
  /** Like for like: process-value + process-array ÷ the whole Python program. */
  ratioWholeProgram: number;
}

export type PythonComparison =
  | { skipped: string }
  | { python: string; startMethod: string; runs: number; trials: number; unlocked: Side; locked: Side; trialFigures: TrialFigures[] };

export async function compareWithPython(): Promise<PythonComparison> {
  const document = runPython();
  if ('skipped' in document) return document;
  const work = { iterations: 100, window: 0, pause: 0, workers: 2 };
  const figures: TrialFigures[] = [];
  const sides: Side[] = [];
  for (const lock of [false, true]) {
    const array = await measureTrials({ scenario: 'process-array', engine: 'processes', lock, trials: TRIALS, workload: work });
    const value = await measureTrials({ scenario: 'process-value', engine: 'processes', lock, trials: TRIALS, workload: work });
    figures.push(array, value);
    sides.push(side(lock, lock ? document.locked : document.unlocked, array, value));
  }
  const [unlocked, locked] = sides as [Side, Side];
  return { python: document.python, startMethod: document.startMethod, runs: RUNS, trials: TRIALS, unlocked, locked, trialFigures: figures };
}

function side(lock: boolean, series: PythonSeries, array: TrialFigures, value: TrialFigures): Side {
  const arrayMs = array.totalMs / array.trials;
  const valueMs = value.totalMs / value.trials;
  const python = {
    runMs: fixed(mean(series.runMs)),
    runMedianMs: fixed(median(series.runMs)),
    arrayMs: fixed(mean(series.arrayMs)),
    valueMs: fixed(mean(series.valueMs)),
    valueRaceRate: fixed(series.valueRaces / series.runs),
    arrayRaceRate: fixed(series.arrayRaces / series.runs),
    runs: series.runs,
  };
  return {
    lock,
    python,
    racedemo: { arrayMs: fixed(arrayMs), arrayMedianMs: array.perTrialMs.median, valueMs: fixed(valueMs), valueRaceRate: value.raceRate, arrayRaceRate: array.raceRate },
    ratio: fixed(arrayMs / python.runMs),
    ratioMedian: fixed(array.perTrialMs.median / python.runMedianMs),
    ratioArrayPart: fixed(arrayMs / python.arrayMs),
    ratioWholeProgram: fixed((arrayMs + valueMs) / python.runMs),
  };
}

function runPython(): PythonDocument | { skipped: string } {
  const run = spawnSync('python3', [script, String(RUNS)], { encoding: 'utf8', timeout: 120_000 });
  if (run.error) {
    const code = (run.error as NodeJS.ErrnoException).code;
    return { skipped: code === 'ENOENT' ? 'python3 is not on this machine' : `python3 failed: ${run.error.message}` };
  }
  if (run.status !== 0) return { skipped: `python3 exited with ${run.status}: ${run.stderr.trim().split('\n').pop() ?? ''}` };
  try {
    return JSON.parse(run.stdout) as PythonDocument;
  } catch {
    return { skipped: 'python3 printed no JSON' };
  }
}
