// What the two bank lessons share: two accounts that open with 1000 each, and
// a verdict on the bank's total, which no transfer should ever change.
import { int32, type Judgement } from '../src/scenario/api.js';

const OPENING = 1000;

export const accounts = {
  memory: () => ({ accounts: int32([OPENING, OPENING]) }),
  expected: () => ({ total: 2 * OPENING }),
  judge(final: { accounts: number[] }): Judgement {
    const total = final.accounts.reduce((sum, balance) => sum + balance, 0);
    // A lost debit creates money, a lost credit destroys it: either way updates were lost.
    const drift = total - 2 * OPENING;
    return { final: { total }, lost: Math.abs(drift), word: drift > 0 ? `created ${drift}` : `lost ${-drift}` };
  },
  /** Odd workers pay from account 0 into account 1, even workers the other way. */
  direction: (worker: number): [number, number] => (worker % 2 === 1 ? [0, 1] : [1, 0]),
};
