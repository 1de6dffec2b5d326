// Each outcome says what happened in its scenario's own terms, decided by the
// scenario's judge: money created or lost, an initialisation run twice, a
// deadlock; and the expected value is always the first row, even at 0 trials.
import { describe, expect, it } from 'vitest';
import bankTransfer from '../dist/scenarios/bank-transfer.js';
import checkThenAct from '../dist/scenarios/check-then-act.js';
import { OutcomeHistogram } from '../dist/src/run/statistics.js';
import { racedemo } from './cli.js';

const workload = { workers: 2, iterations: 1, window: 0, pause: 0 };

describe("the scenarios' judges", () => {
  it('bank-transfer: a total above 2000 created money, below it lost money', () => {
    expect(bankTransfer.judge?.({ accounts: [1005, 1015] }, workload)).toEqual({ final: { total: 2020 }, lost: 20, word: 'created 20' });
    expect(bankTransfer.judge?.({ accounts: [990, 1000] }, workload)).toEqual({ final: { total: 1990 }, lost: 10, word: 'lost 10' });
  });
  it('check-then-act: one initialisation done twice ran twice', () => {
    const judged = checkThenAct.judge?.({ ready: [1], initialisations: [1, 1] }, workload);
    expect(judged?.word).toBe('ran twice');
  });
});

describe('the table and the JSON document', () => {
  it("run bank-transfer's table never calls created money lost", async () => {
    const { stdout } = await racedemo(['run', 'bank-transfer', '--no-lock', '--trials', '10']);
    for (const row of stdout.split('\n').filter((line) => /^\s+20\d\d\s/.test(line))) {
      const total = Number(row.trim().split(/\s+/)[0]);
      if (total > 2000) expect(row).toMatch(new RegExp(`race · created ${total - 2000}$`));
      if (total < 2000) expect(row).toMatch(new RegExp(`race · lost ${2000 - total}$`));
    }
  });
  it('explore lock-ordering: the deadlock row says deadlocked', async () => {
    const { stdout } = await racedemo(['explore', 'lock-ordering']);
    expect(stdout).toMatch(/^\s+deadlock\s+6\s+75\.0%\s+race · deadlocked$/m);
  });
  it('no trial reaches the expected value: it is still the first row, with 0 trials', async () => {
    const fixture = new URL('./fixtures/never-expected.mjs', import.meta.url).pathname;
    const { stdout } = await racedemo(['run', fixture, '--trials', '3', '--json']);
    const { outcomes } = JSON.parse(stdout) as { outcomes: unknown[] };
    expect(outcomes).toEqual([
      { final: { counter: 2 }, trials: 0, share: 0, raced: false, lost: 0, verdict: 'expected' },
      { final: { counter: 1 }, trials: 3, share: 1, raced: true, lost: 1, verdict: 'lost 1' },
    ]);
    const table = await racedemo(['run', fixture, '--trials', '3']);
    expect(table.stdout.split('\n')[2]).toMatch(/^\s+2\s+0\s+0\.0%\s+expected$/);
  });
  it('OutcomeHistogram.entries(expected) puts an unreached expected value first', () => {
    const histogram = new OutcomeHistogram();
    histogram.add({ n: 1 }, true, 1, 'lost 1');
    expect(histogram.entries({ n: 2 })[0]).toEqual({ final: { n: 2 }, trials: 0, share: 0, raced: false, lost: 0, verdict: 'expected' });
  });
});
