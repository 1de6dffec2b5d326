// --expect race --budget: when --trials saw no race, racedemo keeps running
// trials until one races (and stops there) or the budget is spent.
import { expect, it } from 'vitest';
import { racedemo } from './cli.js';

const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;

it('without a budget, 5 trials of a scenario that races from trial 25 on fail --expect race', async () => {
  const result = await racedemo(['run', fixture('races-late.mjs'), '--no-lock', '--trials', '5', '--expect', 'race', '-q']);
  expect(result.code).toBe(1);
  expect(result.stderr).toBe('racedemo: expected a race, but none of 5 trials raced\n');
});

it('with a budget, the run goes on to trial 25, the first that races, and stops there', async () => {
  const result = await racedemo(['run', fixture('races-late.mjs'), '--no-lock', '--trials', '5', '--expect', 'race', '--budget', '10min', '--json']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const document = JSON.parse(result.stdout) as { options: { trials: number; budget: number }; races: { count: number } };
  expect(document.options).toMatchObject({ trials: 25, budget: 600_000 });
  expect(document.races.count).toBe(1);
});

it('a budget spent without a race: exit 1, saying so', async () => {
  const result = await racedemo(['run', fixture('waits-for-the-others.mjs'), '--no-lock', '--trials', '2', '--expect', 'race', '--budget', '300ms', '-q']);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/^racedemo: expected a race, but none of \d+ trials raced \(the budget of 0\.3 s is spent\)\n$/);
});

it('--budget is a duration with its unit, and needs --expect race', async () => {
  const noUnit = await racedemo(['run', 'thread-counter', '--no-lock', '--expect', 'race', '--budget', '30']);
  expect(noUnit.code).toBe(2);
  expect(noUnit.stderr).toBe("racedemo: --budget must be a duration up to 24h, with its unit: 500ms, 30s, 5min, 1h (got '30')\n");
  const alone = await racedemo(['run', 'thread-counter', '--no-lock', '--budget', '30s']);
  expect(alone.code).toBe(2);
  expect(alone.stderr).toBe('racedemo: --budget needs --expect race: it is how long to look for a race\n');
});
