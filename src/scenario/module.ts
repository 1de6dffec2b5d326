// Importing a scenario module, the same way in the parent, in a worker thread
// and in a child process. A user's file gets the 'racedemo' resolve hook
// first (hooks are per thread in Node 20, so each context registers its own).
import { register } from 'node:module';
import { isScenario, type Scenario } from './api.js';

const builtInDirectory = new URL('../../scenarios/', import.meta.url).href;
let hooksRegistered = false;

export function builtInScenarioUrl(name: string): string {
  return new URL(`${name}.js`, builtInDirectory).href;
}

/** Imports `url` and returns its default export if it is a scenario, else undefined. */
export async function importScenarioModule(url: string): Promise<Scenario | undefined> {
  if (!url.startsWith(builtInDirectory) && !hooksRegistered) {
    register('./resolve-hooks.js', import.meta.url);
    hooksRegistered = true;
  }
  const module = (await import(url)) as { default?: unknown };
  return isScenario(module.default) ? module.default : undefined;
}

/** For workers: the scenario at `url`, which the parent has already checked. */
export async function requireScenarioModule(url: string): Promise<Scenario> {
  const scenario = await importScenarioModule(url);
  if (!scenario) throw new Error(`${url} exports no scenario`);
  return scenario;
}
