// A scenario file is outside input: its shape is checked once, when it is
// loaded, and the functions the coordinator calls (memory, expected, judge)
// are guarded so that a wrong result or a throw becomes one line,
// `scenario file ./x.mjs: …`, exit 2, not `unexpected error`.
import { basename } from 'node:path';
import { UsageError, messageOf } from '../errors.js';
import { memoryLimit } from '../memory/layout.js';
import { engineNames as engines } from '../scenario/api.js';
import type { Json, Judgement, MemorySpec, Scenario, Workload } from '../scenario/api.js';
import { sanitize } from './text.js';
import { checkPartialWorkload, checkWorkload, describe } from './workload.js';

/** Slot sizes: enough for any lesson, far from what could exhaust a machine's memory or a store. */
export const slotLimits = { bytes: 1_048_576, arrayLength: 1_000_000, totalBytes: memoryLimit } as const;

/** The scenario, checked and guarded; `reference` is how the user named the file. */
export function checkScenario(scenario: Scenario, reference: string): Scenario {
  const source = `scenario file ${sanitize(reference)}`;
  const fail = (text: string, cause?: unknown): never => {
    throw new UsageError(`${source}: ${text}`, cause === undefined ? undefined : { cause });
  };
  if (typeof scenario.name !== 'string' || sanitize(scenario.name).trim() === '') fail('name must be a non-empty string');
  if (typeof scenario.summary !== 'string') fail('summary must be a string');
  if (!(engines as readonly unknown[]).includes(scenario.engine)) fail(`engine must be ${engines.join(' or ')} (got ${describe(scenario.engine)})`);
  for (const name of ['memory', 'expected', 'worker'] as const) {
    if (typeof scenario[name] !== 'function') fail(`${name} must be a function (got ${describe(scenario[name])})`);
  }
  if (scenario.judge !== undefined && typeof scenario.judge !== 'function') fail(`judge must be a function (got ${describe(scenario.judge)})`);
  if (scenario.locks !== undefined && (!Array.isArray(scenario.locks) || !scenario.locks.every((lock) => typeof lock === 'string'))) fail('locks must be an array of names');
  const file = basename(reference);
  const defaults = checkWorkload(scenario.defaults, file, 'defaults');
  const tutorial = scenario.tutorial === undefined ? undefined : checkPartialWorkload(scenario.tutorial, file, 'tutorial');
  if (scenario.lesson !== undefined && !['what', 'whyItRaces', 'body'].every((key) => typeof (scenario.lesson as unknown as Record<string, unknown>)[key] === 'string')) {
    fail('lesson must be { what, whyItRaces, body }, each a string');
  }
  const { memory, expected, judge, lesson } = scenario;
  return {
    ...scenario,
    // Names and texts go to a terminal: no control characters.
    name: sanitize(scenario.name).slice(0, 100),
    summary: sanitize(scenario.summary),
    ...(lesson ? { lesson: { what: sanitize(lesson.what), whyItRaces: sanitize(lesson.whyItRaces), body: sanitize(lesson.body, { newlines: true }) } } : {}),
    defaults,
    ...(tutorial ? { tutorial } : {}),
    memory: (options: Workload) => checkMemory(guarded(() => memory(options), 'memory()', fail), fail),
    expected: (options: Workload) => checkJson(guarded(() => expected(options), 'expected()', fail), 'expected()', fail),
    ...(judge
      ? { judge: (final: Parameters<NonNullable<Scenario['judge']>>[0], options: Workload) => checkJudgement(guarded(() => judge(final, options), 'judge()', fail), fail) }
      : {}),
  };
}

function guarded<T>(call: () => T, what: string, fail: (text: string, cause?: unknown) => never): T {
  try {
    return call();
  } catch (error) {
    return fail(`${what} threw: ${sanitize(messageOf(error)).slice(0, 200)}`, error);
  }
}

function checkMemory(spec: unknown, fail: (text: string) => never): MemorySpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return fail(`memory() must return an object of slots, like { counter: int32(0) } (got ${describe(spec)})`);
  let total = 0;
  for (const [name, slot] of Object.entries(spec as Record<string, unknown>)) {
    const where = `memory().${sanitize(name).slice(0, 40)}`;
    const { kind, type, initial, size } = (typeof slot === 'object' && slot !== null ? slot : {}) as Record<string, unknown>;
    if (kind === 'bytes') {
      if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > slotLimits.bytes) {
        fail(`${where}: bytes(${describe(size)}) must be a whole number of bytes from 0 to ${slotLimits.bytes}`);
      }
      total += size as number;
    } else if ((kind === 'scalar' || kind === 'array') && (type === 'int32' || type === 'float64')) {
      const values = kind === 'scalar' ? [initial] : Array.isArray(initial) ? initial : fail(`${where}: initial values must be an array`);
      if (values.length > slotLimits.arrayLength) fail(`${where}: ${values.length} elements is more than ${slotLimits.arrayLength}`);
      if (!values.every((value) => typeof value === 'number' && Number.isFinite(value))) fail(`${where}: initial values must be finite numbers`);
      total += values.length * 8;
    } else {
      fail(`${where} is not a slot: use int32(…), float64(…) or bytes(size)`);
    }
    if (total > slotLimits.totalBytes) fail(`memory() needs more than ${slotLimits.totalBytes} bytes`);
  }
  return spec as MemorySpec;
}

/** JSON as racedemo prints and compares it: no BigInt, no cycle, no function, no non-finite number. */
function checkJson(value: unknown, what: string, fail: (text: string, cause?: unknown) => never): Json {
  const problem = jsonProblem(value, new Set());
  if (problem) fail(`${what} returned ${problem}; it must return plain JSON values`);
  return value as Json;
}

function jsonProblem(value: unknown, ancestors: Set<object>): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `a non-finite number (${value})`;
  if (typeof value !== 'object') return `a ${typeof value}`;
  if (ancestors.has(value)) return 'a circular value';
  ancestors.add(value);
  for (const item of Object.values(value)) {
    const problem = jsonProblem(item, ancestors);
    if (problem) return problem;
  }
  ancestors.delete(value);
  return undefined;
}

function checkJudgement(value: unknown, fail: (text: string, cause?: unknown) => never): Judgement {
  if (typeof value !== 'object' || value === null) return fail(`judge() must return { final, lost } (got ${describe(value)})`);
  const { final, lost } = value as Record<string, unknown>;
  checkJson(final, 'judge() final', fail);
  if (typeof lost !== 'number' || !Number.isFinite(lost)) fail(`judge() must return a finite number as lost (got ${describe(lost)})`);
  return value as Judgement;
}
