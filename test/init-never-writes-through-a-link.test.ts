// `racedemo init NAME` creates NAME.mjs with one exclusive open that refuses
// symbolic links: a link planted in a shared folder cannot redirect the write
// (even a dangling one, which a check-then-write would follow).
import { existsSync, lstatSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { racedemo } from './cli.js';

describe('racedemo init and links', () => {
  it('a dangling link named NAME.mjs: refused in one line, exit 2, its target never created', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'racedemo-init-'));
    const target = join(folder, 'victim.txt');
    symlinkSync(target, join(folder, 'lesson.mjs'));
    const result = await racedemo(['init', 'lesson'], {}, folder);
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: 'racedemo: lesson.mjs already exists (a file or a link); pick another name or remove it\n' });
    expect(existsSync(target)).toBe(false);
    expect(lstatSync(join(folder, 'lesson.mjs')).isSymbolicLink()).toBe(true);
  });

  it('a link to an existing file: refused, the file unchanged', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'racedemo-init-'));
    const target = join(folder, 'notes.txt');
    writeFileSync(target, 'mine\n');
    symlinkSync(target, join(folder, 'lesson.mjs'));
    const result = await racedemo(['init', 'lesson'], {}, folder);
    expect(result.code).toBe(2);
    expect(readFileSync(target, 'utf8')).toBe('mine\n');
  });
});
