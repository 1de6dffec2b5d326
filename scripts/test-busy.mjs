#!/usr/bin/env node
// `npm run test:busy [-- --times N]`: the test suite on a busy machine. Starts
// two CPU-bound busy loops at normal priority, runs `npm test` N times in a
// row (default 1) beside them, and prints each run's wall time and the load
// average. The loops stop on every way out: the suite ends, fails, or this
// script gets Ctrl-C, SIGTERM, or even kill -9 (each loop has a watchdog
// thread that ends it once this script is gone).
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

const timesFlag = process.argv.indexOf('--times');
const times = timesFlag >= 0 ? Number(process.argv[timesFlag + 1]) : 1;
if (!Number.isInteger(times) || times < 1) {
  process.stderr.write('test-busy: --times must be a whole number from 1\n');
  process.exit(2);
}

// The loop is `for (;;) {}`; the thread beside it watches this script's pid.
const busyLoop = `
const { Worker } = require('node:worker_threads');
new Worker("setInterval(() => { if (process.ppid !== ${process.pid}) process.kill(process.pid, 'SIGKILL'); }, 200);", { eval: true }).unref();
for (;;) {}
`;
const loops = [0, 1].map(() => spawn(process.execPath, ['-e', busyLoop], { stdio: 'ignore' }));
const stopLoops = () => {
  for (const loop of loops) if (loop.exitCode === null && loop.signalCode === null) loop.kill('SIGKILL');
};
process.on('exit', stopLoops);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopLoops();
    process.exitCode = 130;
  });
}

const load = () => loadavg().map((value) => value.toFixed(2)).join(', ');
const runSuite = () =>
  new Promise((resolve) => {
    const suite = spawn('npm', ['test'], { stdio: 'inherit' });
    suite.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });

const results = [];
for (let run = 1; run <= times; run++) {
  const before = load();
  const started = performance.now();
  const code = await runSuite();
  const seconds = (performance.now() - started) / 1000;
  results.push({ run, code, seconds, before, after: load() });
  process.stderr.write(`test-busy: run ${run}/${times}: exit ${code} in ${seconds.toFixed(1)} s (load average before ${before}; after ${load()})\n`);
  if (code !== 0 || process.exitCode) break;
}
stopLoops();
const failed = results.filter((result) => result.code !== 0).length;
process.stderr.write(`test-busy: ${results.length - failed} of ${results.length} runs passed beside two busy loops; wall times ${results.map((result) => `${result.seconds.toFixed(1)} s`).join(', ')}\n`);
process.exitCode ||= failed > 0 ? 1 : 0;
