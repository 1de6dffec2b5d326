// Text from outside (a scenario's name, a scenario file's error, a store URL
// the user typed) reaches the terminal without its control characters: a
// crafted name cannot clear the screen or set the window title.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { racedemo, runCli } from './cli.js';

const folder = mkdtempSync(join(tmpdir(), 'racedemo-text-'));
const escape = String.fromCharCode(27);
const bell = String.fromCharCode(7);
/** Clears the screen, then sets the terminal's title. */
const payload = `${escape}[2J${escape}]0;pwned${bell}`;

function file(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

describe('control characters from outside are stripped before the terminal', () => {
  it("a scenario's name, in the table", async () => {
    const path = file(
      'named.mjs',
      `export default {
  kind: 'racedemo-scenario', name: ${JSON.stringify(`evil${payload}name`)}, summary: 's', engine: 'threads',
  defaults: { workers: 1, iterations: 1, window: 0, pause: 0 },
  memory: () => ({ counter: { kind: 'scalar', type: 'int32', initial: 0 } }),
  expected: () => ({ counter: 1 }),
  worker: async ({ memory }) => memory.counter.write(1),
};
`,
    );
    const result = await racedemo(['run', path, '--trials', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^evil\[2J\]0;pwnedname · threads/);
    expect(result.stdout).not.toContain(escape);
    expect(result.stdout).not.toContain(bell);
  });

  it("a scenario file's load error, in the one-line message", async () => {
    const path = file('throws.mjs', `throw new Error(${JSON.stringify(`boom${payload}`)});\n`);
    const result = await racedemo(['run', path]);
    expect(result).toMatchObject({ code: 2, stderr: `racedemo: cannot load scenario ${path}: boom[2J]0;pwned\n` });
  });

  it("a scenario's summary and lesson, in `racedemo show`", async () => {
    const path = file(
      'shown.mjs',
      `export default {
  kind: 'racedemo-scenario', name: 'shown', summary: ${JSON.stringify(`sum${payload}mary`)}, engine: 'threads',
  defaults: { workers: 1, iterations: 1, window: 0, pause: 0 },
  lesson: { what: ${JSON.stringify(`what${payload}`)}, whyItRaces: 'why', body: ${JSON.stringify(`line 1${payload}\nline 2`)} },
  memory: () => ({ counter: { kind: 'scalar', type: 'int32', initial: 0 } }),
  expected: () => ({ counter: 1 }),
  worker: async ({ memory }) => memory.counter.write(1),
};
`,
    );
    const result = await racedemo(['show', path]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('shown — sum[2J]0;pwnedmary');
    expect(result.stdout).toContain('  line 1[2J]0;pwned\n  line 2');
    expect(result.stdout).not.toContain(escape);
  });

  it("a worker body's error, in the one-line message", async () => {
    const path = file(
      'throws-in-body.mjs',
      `export default {
  kind: 'racedemo-scenario', name: 'throws-in-body', summary: 's', engine: 'threads',
  defaults: { workers: 1, iterations: 1, window: 0, pause: 0 },
  memory: () => ({ counter: { kind: 'scalar', type: 'int32', initial: 0 } }),
  expected: () => ({ counter: 1 }),
  worker: async () => { throw new Error(${JSON.stringify(`bad${payload}`)}); },
};
`,
    );
    const result = await racedemo(['run', path, '--trials', '1', '-q']);
    expect(result).toMatchObject({ code: 3, stderr: 'racedemo: trial 1: worker 1 threw: bad[2J]0;pwned\n' });
  });

  it('a --store value that is not a URL, in the usage error', async () => {
    const result = await racedemo(['run', 'thread-counter', '--store', `x${payload}`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("racedemo: --store must be memory, postgres://… or redis://… (got 'x[2J]0;pwned')\n");
  });

  it.each([
    ['an option value', ['run', 'thread-counter', '--workers', `3${payload}`]],
    ['a scenario name for init', ['init', `evil${payload}`]],
    ['a report file name', ['report', `/nonexistent/${payload}.json`]],
  ])('%s, echoed in the one-line error', async (_, args) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^racedemo: .*\[2J\]0;pwned/);
    expect(result.stderr).not.toContain(escape);
    expect(result.stderr).not.toContain(bell);
  });

  it("a scenario's own word for what went wrong, in the table", async () => {
    const path = file(
      'worded.mjs',
      `export default {
  kind: 'racedemo-scenario', name: 'worded', summary: 's', engine: 'threads',
  defaults: { workers: 1, iterations: 1, window: 0, pause: 0 },
  memory: () => ({ counter: { kind: 'scalar', type: 'int32', initial: 0 } }),
  expected: () => ({ counter: 1 }),
  judge: (final) => ({ final, lost: 1, word: ${JSON.stringify(`odd${payload}`)} }),
  worker: async ({ memory }) => memory.counter.write(2),
};
`,
    );
    const result = await runCli(['run', path, '--trials', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('race · odd[2J]0;pwned');
    expect(result.stdout).not.toContain(escape);
  });

  it('a saved document from elsewhere, rendered as a page', async () => {
    const { escapeHtml } = await import('../dist/src/report/html/escape.js');
    expect(escapeHtml(`a${payload}<b>\n`)).toBe('a[2J]0;pwned&lt;b&gt;\n');
  });
});
