// How a coordinator names its scenario to remote workers, and how a worker
// finds it: a built-in scenario by name; a scenario file by its name and the
// sha256 of its content. A worker never imports a path it was sent: it runs a
// file only if its own command line allowed it (--scenario FILE or DIR) and
// the content hash matches the coordinator's copy.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { builtInScenarioUrl } from '../scenario/module.js';
import { builtInScenarios } from '../scenario/catalog.js';
import { sanitize } from './text.js';

export type ScenarioRef = { kind: 'built-in'; name: string } | { kind: 'file'; name: string; sha256: string };

/** The reference to send for the scenario the coordinator loaded from `url`. */
export function scenarioRefOf(url: string): ScenarioRef {
  const name = builtInScenarios.find((candidate) => builtInScenarioUrl(candidate) === url);
  if (name) return { kind: 'built-in', name };
  const path = fileURLToPath(url);
  return { kind: 'file', name: basename(path), sha256: sha256Of(path) };
}

export function isScenarioRef(value: unknown): value is ScenarioRef {
  if (typeof value !== 'object' || value === null) return false;
  const { kind, name, sha256 } = value as Record<string, unknown>;
  if (kind === 'built-in') return typeof name === 'string' && (builtInScenarios as readonly string[]).includes(name);
  return kind === 'file' && typeof name === 'string' && name.length <= 255 && typeof sha256 === 'string' && /^[0-9a-f]{64}$/.test(sha256);
}

export function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The files a worker's --scenario allows: the file itself, or the scenario files directly in the directory. */
export function allowedFiles(option: string): string[] {
  const path = resolve(option);
  let isDirectory: boolean;
  try {
    const stats = statSync(path);
    if (!stats.isFile() && !stats.isDirectory()) throw new Error('not a file');
    isDirectory = stats.isDirectory();
  } catch (error) {
    throw new UsageError(`--scenario ${sanitize(option)} is not a scenario file or a directory of them`, { cause: error });
  }
  if (!isDirectory) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(c|m)?js$/.test(entry.name))
    .map((entry) => join(path, entry.name));
}

/** What the worker loads for `ref`: a built-in name, or the path of an allowed file with the same content. */
export function localScenario(ref: ScenarioRef, allowed: readonly string[]): string {
  if (ref.kind === 'built-in') return ref.name;
  const shown = sanitize(ref.name);
  if (allowed.length === 0) {
    throw new UsageError(`the run uses scenario file ${shown}, and this worker runs only built-in scenarios: start it with --scenario ./${shown} (the same file)`);
  }
  const match = allowed.find((path) => {
    try {
      return sha256Of(path) === ref.sha256;
    } catch {
      return false;
    }
  });
  if (!match) throw new UsageError(`the run's scenario file ${shown} (sha256 ${ref.sha256.slice(0, 12)}…) is not the file this worker's --scenario allows: copy the run's file here`);
  return match;
}
