// Finding a scenario by name or by file, loading it, and checking that it is
// one. Workers import the same module URL, so the URL travels with the scenario.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../errors.js';
import type { Scenario } from './api.js';
import { builtInScenarioUrl, importScenarioModule } from './module.js';
import { checkScenario } from '../trust/scenario-shape.js';
import { sanitize } from '../trust/text.js';

export const builtInScenarios = [
  'thread-counter',
  'queue-workers',
  'process-value',
  'process-array',
  'bank-transfer',
  'check-then-act',
  'lock-ordering',
] as const;

/** A loaded scenario and the module URL its workers import. */
export interface LoadedScenario {
  scenario: Scenario;
  url: string;
}

export function looksLikePath(reference: string): boolean {
  return /[\\/]/.test(reference) || /\.(c|m)?[jt]s$/.test(reference);
}

/**
 * A built-in name or a scenario file. `version` (a file's content hash) makes a
 * changed file load afresh in a long-lived process: Node caches a module by its URL.
 */
export async function loadScenario(reference: string, version?: string): Promise<LoadedScenario> {
  if (!looksLikePath(reference)) {
    if (!(builtInScenarios as readonly string[]).includes(reference)) {
      const suggestion = closest(reference, builtInScenarios);
      throw new UsageError(
        `unknown scenario '${sanitize(reference)}'${suggestion ? ` (did you mean ${suggestion}?)` : ''}; try 'racedemo list'`,
      );
    }
    return importScenario(builtInScenarioUrl(reference), reference);
  }
  const path = resolve(reference);
  if (!existsSync(path)) throw new UsageError(`scenario file ${sanitize(reference)} does not exist`);
  const url = pathToFileURL(path);
  if (version !== undefined) url.searchParams.set('sha256', version);
  const loaded = await importScenario(url.href, reference);
  // A file is outside input: its shape and its defaults are checked before anything runs it.
  return { ...loaded, scenario: checkScenario(loaded.scenario, reference) };
}

export async function loadBuiltInScenarios(): Promise<Scenario[]> {
  return Promise.all(builtInScenarios.map(async (name) => (await loadScenario(name)).scenario));
}

async function importScenario(url: string, reference: string): Promise<LoadedScenario> {
  let scenario: Scenario | undefined;
  try {
    scenario = await importScenarioModule(url);
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new UsageError(`cannot load scenario ${sanitize(reference)}: ${sanitize(reason)}`, { cause: error });
  }
  if (!scenario) {
    throw new UsageError(`${sanitize(reference)} does not default-export a scenario (export default defineScenario({...}))`);
  }
  return { scenario, url };
}

/** The candidate nearest to `word` by edit distance, if it is near enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
