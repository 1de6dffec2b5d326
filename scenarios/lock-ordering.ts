// A lock-ordering deadlock: each account has its own lock, and a transfer
// takes the lock of the account it debits first, then the other. Two
// transfers in opposite directions can each hold one lock and wait forever
// for the other. racedemo detects the cycle and reports it instead of hanging.
import { defineScenario } from '../src/scenario/api.js';
import { accounts } from './accounts.js';

export default defineScenario({
  name: 'lock-ordering',
  summary: 'Two locks taken in opposite orders: a deadlock racedemo detects and reports',
  engine: 'threads',
  defaults: { workers: 2, iterations: 10, window: 0.2, pause: 0 },
  locks: ['account-0', 'account-1'],
  lesson: {
    what:
      'Each of two accounts has its own lock. Odd workers move 1 from account 0 to account 1, even workers the other way; ' +
      'a transfer locks the account it takes from, waits `window`, then locks the account it pays into.',
    whyItRaces:
      'With the locks, worker 1 can hold account-0 while worker 2 holds account-1; each then waits for the lock the other ' +
      'holds, forever: a deadlock. racedemo sees the cycle in who-holds-what and stops with exit 3 instead of hanging ' +
      '(`racedemo explore lock-ordering --lock` shows which schedules deadlock). Without the locks there is no deadlock ' +
      'but the balances race. The fix is one global order: always lock account-0 before account-1.',
    body: `const [from, to] = worker % 2 === 1 ? [0, 1] : [1, 0];
for (let i = 0; i < iterations; i++) {
  await locks[\`account-\${from}\`].run(async () => {
    const balance = await memory.accounts.read(from);
    await sleep(window);
    await locks[\`account-\${to}\`].run(async () => {   // the second lock, in the opposite order
      const other = await memory.accounts.read(to);
      await memory.accounts.write(from, balance - 1);
      await memory.accounts.write(to, other + 1);
    });
  });
}`,
  },
  memory: accounts.memory,
  expected: accounts.expected,
  judge: accounts.judge,
  async worker({ memory, locks, sleep, options, worker }) {
    const [from, to] = worker % 2 === 1 ? [0, 1] : [1, 0];
    const lockOf = (account: number) => {
      const lock = locks[`account-${account}`];
      if (!lock) throw new Error(`no lock for account ${account}`);
      return lock;
    };
    for (let i = 0; i < options.iterations; i++) {
      await lockOf(from).run(async () => {
        const balance = await memory.accounts.read(from);
        await sleep(options.window);
        await lockOf(to).run(async () => {
          const other = await memory.accounts.read(to);
          await memory.accounts.write(from, balance - 1);
          await memory.accounts.write(to, other + 1);
        });
      });
      await sleep(options.pause);
    }
  },
});
