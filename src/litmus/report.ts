// What a litmus run prints: the machine header, one table per test and access
// mode, the rate of each relaxed outcome with its 95% interval, and the JSON
// document of the same.
import { environment, type Environment } from '../report/environment.js';
import { availableParallelism, cpus } from 'node:os';
import { round } from '../run/round.js';
import type { GradedCount } from './grade.js';
import type { HarnessResult } from './harness.js';
import { litmusTests, type Access, type LitmusTest, type OutcomeValues } from './tests.js';

export interface LitmusDocument {
  schemaVersion: 1;
  kind: 'litmus';
  /** The machine it ran on (as in every racedemo document). */
  environment: Environment;
  test: string;
  access: Access;
  samples: number;
  samplesPerSecond: number;
  elapsedMs: number;
  cpu: { model: string; arch: string; cores: number };
  v8: string;
  outcomes: Array<{ outcome: OutcomeValues; samples: number; frequency: number; grade: GradedCount['grade']; description: string; interval?: [number, number] }>;
}

export function cpuInfo(): LitmusDocument['cpu'] {
  return { model: (cpus()[0]?.model ?? 'unknown').trim(), arch: process.arch, cores: availableParallelism() };
}

export function litmusDocument(test: LitmusTest, access: Access, result: HarnessResult, outcomes: GradedCount[]): LitmusDocument {
  return {
    schemaVersion: 1,
    kind: 'litmus',
    environment: environment(),
    test: test.name,
    access,
    samples: result.samples,
    samplesPerSecond: Math.round(result.samples / (result.elapsedMs / 1000)),
    elapsedMs: round(result.elapsedMs, 1),
    cpu: cpuInfo(),
    v8: process.versions.v8,
    outcomes: outcomes.map(({ outcome, samples, frequency, grade, description, interval }) => ({
      outcome, samples, frequency: round(frequency, 9), grade, description, ...(interval ? { interval: [round(interval[0], 9), round(interval[1], 9)] as [number, number] } : {}),
    })),
  };
}

export function machineHeader(): string {
  const { model, arch, cores } = cpuInfo();
  return `CPU: ${model} (${arch}, ${cores} cores) · V8 ${process.versions.v8} · Node ${process.version}`;
}

const outcomeText = (values: OutcomeValues): string => Object.entries(values).map(([name, value]) => `${name}=${value}`).join(' ');
const count = (value: number): string => value.toLocaleString('en-US');
const percent = (share: number): string => (share === 0 ? '0%' : share < 0.0001 ? `${(share * 100).toExponential(1)}%` : `${(share * 100).toFixed(share < 0.01 ? 4 : 2)}%`);

export function renderRun(test: LitmusTest, document: LitmusDocument): string {
  const rows = document.outcomes.map((entry) => [
    outcomeText(entry.outcome),
    count(entry.samples),
    percent(entry.frequency),
    entry.grade,
    entry.description,
  ]);
  const header = ['outcome', 'samples', 'frequency', 'grade', 'description'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]): string =>
    `  ${cells.map((cell, column) => (column === 1 || column === 2 ? cell.padStart(widths[column] ?? 0) : column === 4 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ')}`;
  const rates = document.outcomes
    .filter((entry) => entry.grade !== 'acceptable' && entry.interval)
    .map((entry) => `  ${entry.grade} ${outcomeText(entry.outcome)}: ${percent(entry.frequency)} of samples (95% interval ${percent(entry.interval?.[0] ?? 0)} to ${percent(entry.interval?.[1] ?? 0)})`);
  const forbidden = document.outcomes.some((entry) => entry.grade === 'forbidden' && entry.samples > 0);
  return [
    '',
    `${test.name} — ${test.title}`,
    `${document.access === 'plain' ? 'plain accesses (typed-array reads and writes)' : 'Atomics.load / Atomics.store'} · ${count(document.samples)} samples in ${(document.elapsedMs / 1000).toFixed(2)} s · ${count(document.samplesPerSecond)} samples/s`,
    line(header),
    ...rows.map(line),
    ...rates,
    forbidden ? '  FORBIDDEN outcome seen: the engine or the CPU broke the memory model' : '',
  ].join('\n').trimEnd();
}

export function renderList(): string {
  const width = Math.max(...litmusTests.map((test) => test.name.length));
  return [
    ...litmusTests.map((test) => `${test.name.padEnd(width)}  ${test.actors.length} threads  ${test.title}`),
    '',
    "Run one with 'racedemo litmus SB'; read one with 'racedemo show litmus SB'.",
  ].join('\n');
}
