// `npm run docs:samples`: runs every command whose output appears in README.md
// and docs/*.md, and fails when an output no longer matches its sample, so
// the documentation cannot drift from the program. `-- --update` rewrites
// every sample that no longer matches from a fresh run instead.
//
// A sample is a marker line, then a fenced block whose first line is the
// command as a reader types it and the rest its output (stdout, then stderr):
//
//   <!-- sample: racedemo explore thread-counter --no-lock -->      exact
//   <!-- sample exact: racedemo explore thread-counter --no-lock --> the same
//   <!-- sample varies: racedemo run thread-counter --no-lock -->   by shape
//
// Exact samples (explore, show, list, --help, errors) must match byte for byte,
// but for a server's version (`PostgreSQL 15.18 (Debian …)`, `Redis 7.0.15`),
// which belongs to the machine. A server's URL (`$PG`, `$REDIS` in the command)
// is written back as that name, since its port is new on every run.
// Varying ones (race counts, timings) are compared by shape: numbers and
// durations masked, spaces collapsed, table rows of the same form counted as
// one, the load-dependent hint line left out, a litmus run's CPU line and the
// order of its outcome rows (by count) left out; what remains (the headings,
// the columns, the order of the expected row and the races, the words of each
// verdict, the footer lines) must still match.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Sample {
  file: string;
  /** 1-based line of the marker. */
  line: number;
  mode: 'exact' | 'varies';
  /** The arguments after `racedemo`. */
  args: string[];
  command: string;
  /** The block's lines after the command line. */
  output: string;
  /** Lines of the block's content, 0-based, [first, end). */
  from: number;
  to: number;
}

const MARKER = /^<!-- sample( exact| varies)?: racedemo (.+?) -->$/;

export function findSamples(file: string, text: string): Sample[] {
  const lines = text.split('\n');
  const samples: Sample[] = [];
  lines.forEach((line, index) => {
    const marker = MARKER.exec(line);
    // A misspelt marker would leave its sample unchecked without a word.
    if (!marker && line.startsWith('<!-- sample')) throw new Error(`${file}:${index + 1}: not a sample marker: write <!-- sample: racedemo ARGS --> (or sample exact:, sample varies:)`);
    if (!marker) return;
    const open = index + 1;
    if (!lines[open]?.startsWith('```')) throw new Error(`${file}:${index + 1}: a sample marker must be followed by a fenced block`);
    const close = lines.findIndex((candidate, at) => at > open && candidate.startsWith('```'));
    if (close < 0) throw new Error(`${file}:${index + 1}: the sample's block is not closed`);
    const command = marker[2] ?? '';
    const content = lines.slice(open + 1, close);
    samples.push({
      file,
      line: index + 1,
      mode: marker[1] === ' varies' ? 'varies' : 'exact',
      args: splitArgs(command),
      command,
      output: content.slice(1).join('\n'),
      from: open + 1,
      to: close,
    });
  });
  return samples;
}

/** Splits at spaces, keeping 'quoted text' together. */
function splitArgs(command: string): string[] {
  return [...command.matchAll(/'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '');
}

/** The line a reader types: the README's convention is `npx racedemo`. */
export function commandLine(sample: Pick<Sample, 'command'>): string {
  return `$ npx racedemo ${sample.command}`;
}

/** A varying output reduced to its shape. */
export function shape(output: string): string {
  const lines = output
    .split('\n')
    .filter((line) => !line.startsWith('hint: '))
    .map((line) =>
      line
        .replace(/\d+(\.\d+)? (ms|s|min|h)\b/g, '<time>')
        .replace(/[█·]{3,}/g, '<bar>')
        .replace(/: within noise$/, '')
        .replace(/"overlapped":(true|false)/g, '"overlapped":<bool>')
        .replace(/^CPU: .* · V8 .* · Node .*$/, 'CPU: <machine>')
        // 1,015,808 is one number, but not a CSV row's 0,109.5 (a comma before or after).
        .replace(/-?((?<![\d,])\d{1,3}(,\d{3})+(?![\d,])|\d+)(\.\d+)?(e-?\d+)?/g, '#')
        .replace(/#( [a-z]+?)s\b/g, '#$1')
        .replace(/\s+/g, ' ')
        .trimEnd(),
    )
    // A trace's steps (and marks wrapped onto lines of their own) differ from run to run: one 'step' stands for them all.
    .map((line, index, all) => (inTrace(all, index) && !line.startsWith(' # µs') ? 'step' : line));
  const sorted = sortOutcomeRows(lines);
  return sorted.filter((line, index) => line !== sorted[index - 1]).join('\n');
}

/** A litmus table lists its outcomes by count, so their order varies: each run of outcome rows is sorted. */
function sortOutcomeRows(lines: string[]): string[] {
  const isRow = (line: string): boolean => line.startsWith(' r#=#');
  const sorted: string[] = [];
  for (let at = 0; at < lines.length; ) {
    let end = at;
    while (end < lines.length && isRow(lines[end] ?? '')) end += 1;
    if (end === at) sorted.push(lines[at++] ?? '');
    else sorted.push(...lines.slice(at, (at = end)).sort());
  }
  return sorted;
}

/** Whether line `index` is below a trace's heading. */
function inTrace(lines: string[], index: number): boolean {
  return lines.slice(0, index).some((line) => line.startsWith('trace of trial'));
}

/** A server's version masked: it belongs to the machine, not to racedemo. */
export function withoutServerVersion(output: string): string {
  return output.replace(/\b(PostgreSQL|Redis) \d+(\.\d+)*( \((?!\$)[^)]*\))?/g, '$1 <version>');
}

export function matches(sample: Pick<Sample, 'mode' | 'output'>, actual: string): boolean {
  const [expected, got] = [sample.output, actual].map(withoutServerVersion);
  return sample.mode === 'exact' ? expected === got : shape(expected ?? '') === shape(got ?? '');
}

/** The output with each server URL the command named ($PG) put back as its name. */
export function withServerNames(output: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  return args
    .filter((arg) => arg.startsWith('$') && env[arg.slice(1)])
    .reduce((text, arg) => text.split(env[arg.slice(1)] ?? arg).join(arg), output);
}

const bin = new URL('../../bin/racedemo.js', import.meta.url).pathname;

/** Runs `racedemo args` as a reader would see it piped: no colour, 80 columns. */
export function run(args: string[], cwd: string): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  // A reader's fresh shell has no secret: with one, `racedemo worker` would wait for a run.
  delete env.RACEDEMO_SECRET;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(`${stdout}${stderr}`.replace(/\n$/, '')));
  });
}

export function documentationFiles(root: string): string[] {
  const docs = join(root, 'docs');
  return [join(root, 'README.md'), ...readdirSync(docs).filter((name) => name.endsWith('.md')).sort().map((name) => join(docs, name))];
}

export interface Mismatch {
  sample: Sample;
  actual: string;
}

/** Runs every sample (a few at a time) and returns those whose output changed. */
export async function checkSamples(root: string, update = false, parallel = 3): Promise<{ samples: number; skipped: Sample[]; mismatches: Mismatch[] }> {
  const files = documentationFiles(root).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  const samples = files.flatMap(({ file, text }) => findSamples(file, text));
  const actuals = new Map<Sample, string>();
  // A sample naming a server ($PG, $REDIS) runs only when the environment names one.
  const runnable = samples.filter((sample) => sample.args.every((arg) => !arg.startsWith('$') || process.env[arg.slice(1)]));
  const queue = [...runnable];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let sample = queue.shift(); sample; sample = queue.shift()) actuals.set(sample, withServerNames(await run(withEnvironment(sample.args), root), sample.args));
    }),
  );
  const mismatches = runnable
    .map((sample) => ({ sample, actual: actuals.get(sample) ?? '' }))
    .filter(({ sample, actual }) => !matches(sample, actual) || !blockCommand(files, sample));
  if (update) {
    for (const { file, text } of files) {
      const lines = text.split('\n');
      // From the last sample up, so earlier line numbers stay right.
      // Only the samples that changed: a varying one that still matches keeps its text.
      const ofFile = mismatches.filter(({ sample }) => sample.file === file);
      for (const { sample, actual } of ofFile.reverse()) {
        lines.splice(sample.from, sample.to - sample.from, commandLine(sample), ...actual.split('\n'));
      }
      writeFileSync(file, lines.join('\n'));
    }
  }
  return { samples: samples.length, skipped: samples.filter((sample) => !runnable.includes(sample)), mismatches };
}

function withEnvironment(args: string[]): string[] {
  return args.map((arg) => (arg.startsWith('$') ? (process.env[arg.slice(1)] ?? arg) : arg));
}

/** Whether the block starts with the marker's own command. */
function blockCommand(files: Array<{ file: string; text: string }>, sample: Sample): boolean {
  const text = files.find(({ file }) => file === sample.file)?.text ?? '';
  return text.split('\n')[sample.from] === commandLine(sample);
}

async function main(): Promise<void> {
  const root = new URL('../..', import.meta.url).pathname;
  const update = process.argv.includes('--update');
  const { samples, skipped, mismatches } = await checkSamples(root, update);
  for (const sample of skipped) process.stderr.write(`${sample.file.slice(root.length)}:${sample.line}: skipped (set ${sample.args.filter((arg) => arg.startsWith('$')).join(', ')}): ${commandLine(sample)}\n`);
  for (const { sample, actual } of mismatches) {
    process.stderr.write(`${sample.file.slice(root.length)}:${sample.line}: ${commandLine(sample)} changed:\n${actual}\n\n`);
  }
  process.stdout.write(`${samples} samples, ${skipped.length} skipped, ${mismatches.length} changed${update ? ', rewritten' : ''}\n`);
  if (!update && mismatches.length > 0) process.exitCode = 1;
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) await main();
