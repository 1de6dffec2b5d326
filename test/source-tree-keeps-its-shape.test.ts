// The shape ARCHITECTURE.md describes, checked on the source itself: no import
// cycle in src/, no file over 250 lines, and executors that never know where
// the slots live (no store, PostgreSQL or Redis under src/executors/).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const src = join(root, 'src');

function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Static imports (type-only included) between files of src/: the edges a cycle is made of. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)[^'"]*?from\s+'(\.[^']+)'/gm)].map((match) => normalize(join(dirname(file), match[1]!)).replace(/\.js$/, '.ts'));
}

function cycles(files: string[]): string[] {
  const known = new Set(files);
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of importsOf(file).filter((each) => known.has(each))) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next].map((each) => relative(root, each)).join(' → '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return found;
}

describe('the source tree keeps its shape', () => {
  const files = sources(src);

  it('has no import cycle in src/', () => {
    expect(cycles(files)).toEqual([]);
  });

  it('has no file in src/ over 250 lines', () => {
    const long = files.map((file) => [relative(root, file), readFileSync(file, 'utf8').split('\n').length - 1] as const).filter(([, lines]) => lines > 250);
    expect(long).toEqual([]);
  });

  it('never mentions a store, PostgreSQL or Redis under src/executors/', () => {
    const mentions = sources(join(src, 'executors')).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => [`${relative(root, file)}:${index + 1}`, line.replace(/Atomics\.store/g, '')] as const)
        .filter(([, line]) => /\b(stores?|postgres(ql)?|redis|pg|ioredis)\b/i.test(line))
        .map(([where]) => where),
    );
    expect(mentions).toEqual([]);
  });
});
