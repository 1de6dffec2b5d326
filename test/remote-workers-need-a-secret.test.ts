// Remote workers only start with a shared secret (RACEDEMO_SECRET or
// --secret-file): without one, neither `racedemo worker` nor a run with
// --remote-workers reaches the store, and each says in one line how to set it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { racedemo } from './cli.js';

const howTo =
  'racedemo: remote workers need a shared secret: set RACEDEMO_SECRET or give --secret-file PATH, the same on the run and on every worker (see docs/trust.md)\n';
/** Nothing listens on port 1: a command that got past the secret would say it cannot reach the store. */
const store = 'redis://127.0.0.1:1';

describe('without a shared secret', () => {
  it('racedemo worker refuses to start: one line, exit 2', async () => {
    const result = await racedemo(['worker', '--store', store], { RACEDEMO_SECRET: '' });
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: howTo });
  });

  it('a run with --remote-workers refuses to start: one line, exit 2', async () => {
    const result = await racedemo(['run', 'thread-counter', '--store', store, '--remote-workers', '1'], { RACEDEMO_SECRET: '' });
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: howTo });
  });

  it('a --secret-file that does not exist, or is empty, is named in one line, exit 2', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'racedemo-secret-'));
    const missing = join(folder, 'missing');
    const empty = join(folder, 'empty');
    writeFileSync(empty, '\n');
    const noFile = await racedemo(['worker', '--store', store, '--secret-file', missing]);
    expect(noFile).toMatchObject({ code: 2, stderr: `racedemo: --secret-file ${missing} cannot be read (it does not exist)\n` });
    const emptyFile = await racedemo(['run', 'thread-counter', '--store', store, '--remote-workers', '1', '--secret-file', empty]);
    expect(emptyFile).toMatchObject({ code: 2, stderr: `racedemo: --secret-file ${empty} is empty: put the class's secret in it\n` });
  });

  it('with a secret file, the worker goes on to the store', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'racedemo-secret-')), 'secret');
    writeFileSync(file, 'the-class-secret\n');
    const result = await racedemo(['worker', '--store', store, '--secret-file', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^racedemo: cannot reach the store at redis:\/\/127\.0\.0\.1:1/);
  });
});
