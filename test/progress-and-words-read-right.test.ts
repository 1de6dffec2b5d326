// The progress line's time left comes from the recent pace (not from a slow
// start) and reads in s, min or h; counts take the right plural; --help's
// examples line up; and every "did you mean" is written the same way.
import { describe, expect, it } from 'vitest';
import { Progress, timeLeft } from '../dist/src/report/progress.js';
import { racedemo } from './cli.js';

function progressAt(total: number): { progress: Progress; tick: (ms: number) => void; lines: string[] } {
  let now = 0;
  const lines: string[] = [];
  const progress = new Progress({ write: (text: string) => lines.push(text.replace('\r\x1b[K', '')) }, 'no lock', total, () => now);
  return { progress, tick: (ms) => (now += ms), lines };
}

const record = (trial: number, raced = false) => ({ trial, final: null, raced, lost: 0, ms: 1 });

describe('progress', () => {
  it('a 15 s start-up does not inflate the estimate: trials of 160 ms, 995 to go, is 2 min 40 s', () => {
    const { progress, tick, lines } = progressAt(1000);
    tick(15_000);
    for (let trial = 1; trial <= 5; trial++) {
      progress.trial(record(trial, trial === 1));
      tick(160);
    }
    expect(lines[0]).toBe('no lock: trial 1/1000 · 1 race · estimating time left…');
    expect(lines.at(-1)).toBe('no lock: trial 5/1000 · 1 race · 2 min 40 s left');
  });

  it('s, min and h as fits', () => {
    expect(timeLeft(12_300)).toBe('13 s');
    expect(timeLeft(941_100)).toBe('15 min 42 s');
    expect(timeLeft(7_500_000)).toBe('2 h 5 min');
  });

  it('past --trials, looking for a race within --budget', () => {
    const { progress, lines } = progressAt(5);
    progress.trial(record(6));
    expect(lines[0]).toBe('no lock: trial 6 · 0 races · no race yet: going on within --budget');
  });
});

describe('words', () => {
  it('one trial, one iteration, one worker: singular', async () => {
    const { stdout } = await racedemo(['run', 'thread-counter', '--trials', '1', '--workers', '1', '--iterations', '1']);
    expect(stdout.split('\n')[0]).toBe('thread-counter · threads · lock · 1 trial · 1 worker × 1 iteration · window 0.2 ms');
    expect(stdout).toContain('races in 0/1 trial (');
  });

  it("--help's examples line up in one column", async () => {
    const { stdout } = await racedemo(['--help']);
    const examples = stdout.slice(stdout.indexOf('Examples:')).split('\n').slice(1).filter((line) => /\S\s{2,}\S/.test(line.trim()));
    const columns = new Set(examples.map((line) => /^ {2}\S.*?\S {2,}(?=\S)/.exec(line)?.[0].length ?? /^\s+/.exec(line)?.[0].length));
    expect(examples.length).toBeGreaterThan(5);
    expect(columns.size).toBe(1);
  });

  it("commander's suggestions say '(did you mean', as racedemo's own do", async () => {
    expect((await racedemo(['rn'])).stderr).toBe("racedemo: unknown command 'rn' (did you mean run?)\n");
    expect((await racedemo(['run', 'x', '--tril', '3'])).stderr).toBe("racedemo: unknown option '--tril' (did you mean --trials?)\n");
  });
});
