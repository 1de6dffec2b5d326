// The package as users get it: `npm pack`, a global install into a temporary
// prefix, and every command run from there, outside this repository.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'racedemo-pack-'));
const prefix = join(work, 'prefix');
const bin = join(prefix, 'bin', 'racedemo');
const npm = (args: string[], cwd = root): string =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });
const racedemo = (args: string[]): string => execFileSync(bin, args, { cwd: work, encoding: 'utf8' });

// --ignore-scripts: `prepare` would build again; the tests run against the dist/ that pretest built.
beforeAll(() => {
  npm(['pack', '--ignore-scripts', '--pack-destination', work]);
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack made no tarball');
  npm(['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(work, tarball)], work);
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

it('ships only dist, bin, docs, README and LICENSE (the README links to docs/)', () => {
  const listing = npm(['pack', '--ignore-scripts', '--dry-run', '--json']);
  const files = (JSON.parse(listing) as Array<{ files: Array<{ path: string }> }>)[0]?.files.map((file) => file.path) ?? [];
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) expect(file).toMatch(/^(dist\/(src|scenarios)\/|bin\/|docs\/[\w-]+\.md$|README\.md$|LICENSE$|package\.json$)/);
  expect(files).toContain('docs/commands.md');
});

it('runs every command from the installed copy', () => {
  expect(racedemo(['--version']).trim()).toBe('0.1.0');
  expect(racedemo(['list'])).toContain('process-array');
  expect(racedemo(['show', 'thread-counter'])).toContain('expected');
  const run = JSON.parse(racedemo(['run', 'process-array', '--trials', '5', '--json'])) as { races: { count: number } };
  expect(run.races.count).toBe(0);
  const threads = JSON.parse(racedemo(['run', 'thread-counter', '--trials', '3', '--json'])) as { races: { count: number } };
  expect(threads.races.count).toBe(0);
  expect(racedemo(['explore', 'thread-counter', '--no-lock', '--json'])).toContain('"complete": true');
});

it('loads a user scenario that imports racedemo, from a folder with no node_modules', () => {
  racedemo(['init', 'my-counter']);
  const result = JSON.parse(racedemo(['run', './my-counter.mjs', '--trials', '3', '--json'])) as { scenario: string; races: { count: number } };
  expect(result.scenario).toBe('my-counter');
  expect(result.races.count).toBe(0);
});
