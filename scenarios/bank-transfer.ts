// A bank transfer: move 1 from one account to the other, as two separate
// read-modify-writes. Unlocked, interleaved transfers overwrite each other's
// balances, and the bank's total — which no transfer should ever change —
// drifts: money vanishes or appears.
import { defineScenario } from '../src/scenario/api.js';
import { accounts } from './accounts.js';

export default defineScenario({
  name: 'bank-transfer',
  summary: 'Workers move money between two accounts; unlocked, the total drifts',
  engine: 'threads',
  defaults: { workers: 2, iterations: 20, window: 0.05, pause: 0 },
  lesson: {
    what:
      'Two accounts open with 1000 each. Odd workers move 1 from account 0 to account 1, even workers the other way, ' +
      'iterations times. A transfer reads and writes each balance separately.',
    whyItRaces:
      "Each balance update is a read, a computation and a write. When two transfers interleave, one overwrites the " +
      "other's balance with a value computed from a stale read: a debit or a credit is lost, and the total no longer " +
      'adds up to 2000 — money vanished or was created. The lock makes a whole transfer one step.',
    body: `const [from, to] = worker % 2 === 1 ? [0, 1] : [1, 0];
for (let i = 0; i < iterations; i++) {
  await lock.run(async () => {
    const balance = await memory.accounts.read(from);
    await sleep(window);
    await memory.accounts.write(from, balance - 1);
    const other = await memory.accounts.read(to);
    await sleep(window);
    await memory.accounts.write(to, other + 1);
  });
}`,
  },
  memory: accounts.memory,
  expected: accounts.expected,
  judge: accounts.judge,
  async worker({ memory, lock, sleep, options, worker }) {
    const [from, to] = accounts.direction(worker);
    for (let i = 0; i < options.iterations; i++) {
      await lock.run(async () => {
        const balance = await memory.accounts.read(from);
        await sleep(options.window);
        await memory.accounts.write(from, balance - 1);
        const other = await memory.accounts.read(to);
        await sleep(options.window);
        await memory.accounts.write(to, other + 1);
      });
      await sleep(options.pause);
    }
  },
});
