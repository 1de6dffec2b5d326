// Start-up time of the command line: `racedemo list` and `racedemo --help`,
// from spawn to exit, median of several runs after one warm-up, next to a
// bare `node -e 0` for the part no program can avoid.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { fixed, median } from './measure.js';

const bin = fileURLToPath(new URL('../../bin/racedemo.js', import.meta.url));

export interface StartupFigures {
  command: string;
  runs: number;
  medianMs: number;
  minMs: number;
}

function time(args: string[], runs: number): StartupFigures {
  const once = (): number => {
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    const ms = performance.now() - started;
    if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${run.status}: ${String(run.stderr).trim()}`);
    return ms;
  };
  once();
  const times = Array.from({ length: runs }, once);
  const shown = args[0] === bin ? ['racedemo', ...args.slice(1)] : ['node', ...args];
  return { command: shown.join(' '), runs, medianMs: fixed(median(times), 1), minMs: fixed(Math.min(...times), 1) };
}

export function startupTimes(runs = 10): StartupFigures[] {
  return [time(['-e', '0'], runs), time([bin, 'list'], runs), time([bin, '--help'], runs)];
}
