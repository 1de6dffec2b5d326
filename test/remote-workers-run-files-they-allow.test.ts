// A remote worker runs a scenario file only when its own command line allowed
// it (--scenario FILE or DIR), and only if its copy has the same content
// (sha256) as the coordinator's: the run never sends a path to import.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { racedemo } from './cli.js';
import type { RunDocument } from './run-document.js';
import { canRunRedis, serverFor, startRedis } from './stores/servers.js';

const secret = { RACEDEMO_SECRET: 'the-class-secret' };
const lesson = new URL('fixtures/counter-lesson.mjs', import.meta.url).pathname;

/** A folder on the "worker's machine", with a copy of the lesson (changed by `edit`) and a marker path. */
function workerFolder(edit: (text: string) => string = (text) => text): { folder: string; marker: string } {
  const folder = mkdtempSync(join(tmpdir(), 'racedemo-worker-'));
  writeFileSync(join(folder, 'counter-lesson.mjs'), edit(readFileSync(lesson, 'utf8')));
  return { folder, marker: join(folder, 'imported') };
}

const run = (url: string): Promise<Awaited<ReturnType<typeof racedemo>>> =>
  racedemo(['run', lesson, '--store', url, '--remote-workers', '1', '--trials', '3', '--json'], secret);

describe.skipIf(!canRunRedis)('a remote worker and a scenario file', () => {
  const server = serverFor(startRedis);

  it('without --scenario, the worker runs only built-in scenarios: it imports nothing and the run says why', async () => {
    const { marker } = workerFolder();
    const worker = racedemo(['worker', '--store', server.url, '--once'], { ...secret, RACEDEMO_TEST_MARKER: marker });
    const result = await run(server.url);
    const ended = await worker;
    expect(existsSync(marker)).toBe(false);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /racedemo: remote worker 2 could not start: the run uses scenario file counter-lesson\.mjs, and this worker runs only built-in scenarios: start it with --scenario \.\/counter-lesson\.mjs \(the same file\)\n$/,
    );
    expect(ended.code).toBe(0);
  });

  it('with --scenario naming a folder that holds the same file, the worker runs it', async () => {
    const { folder, marker } = workerFolder();
    copyFileSync(lesson, join(folder, 'another.mjs'));
    const worker = racedemo(['worker', '--store', server.url, '--once', '--scenario', folder], { ...secret, RACEDEMO_TEST_MARKER: marker });
    const result = await run(server.url);
    const ended = await worker;
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as RunDocument).outcomes).toEqual([{ final: { counter: 20 }, trials: 3, share: 1, raced: false, lost: 0, verdict: 'expected' }]);
    expect(ended.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
  });

  it('a file whose content differs from the run\'s is refused, unimported', async () => {
    const { folder, marker } = workerFolder((text) => text.replace('value + 1', 'value + 2'));
    const worker = racedemo(['worker', '--store', server.url, '--once', '--scenario', join(folder, 'counter-lesson.mjs')], { ...secret, RACEDEMO_TEST_MARKER: marker });
    const result = await run(server.url);
    await worker;
    expect(existsSync(marker)).toBe(false);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/could not start: the run's scenario file counter-lesson\.mjs \(sha256 [0-9a-f]{12}…\) is not the file this worker's --scenario allows: copy the run's file here\n$/);
  });
});

describe('racedemo worker --scenario, used wrongly', () => {
  it('a path that is neither a file nor a folder: one line, exit 2', async () => {
    const missing = join(tmpdir(), 'racedemo-no-such-lesson.mjs');
    const result = await racedemo(['worker', '--store', 'redis://127.0.0.1:1', '--scenario', missing], secret);
    expect(result).toMatchObject({ code: 2, stderr: `racedemo: --scenario ${missing} is not a scenario file or a directory of them\n` });
  });
});
