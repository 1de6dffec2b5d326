// A store password never reaches the screen, whether the URL carries it as
// user:pw@, ?password= or ?pass=: one masking function serves every message.
import { describe, expect, it } from 'vitest';
import { racedemo } from './cli.js';

const password = 'hunter2-s3cret';

describe('a store URL with a password, in an error', () => {
  it.each([
    ['postgres, user:pw@', `postgres://teacher:${password}@127.0.0.1:1/race`, 'postgres://teacher:***@127.0.0.1:1/race'],
    ['postgres, ?password=', `postgres://teacher@127.0.0.1:1/race?password=${password}&sslmode=disable`, 'postgres://teacher@127.0.0.1:1/race?password=***&sslmode=disable'],
    ['postgres, ?pass=', `postgres://teacher@127.0.0.1:1/race?pass=${password}`, 'postgres://teacher@127.0.0.1:1/race?pass=***'],
    ['redis, user:pw@', `redis://teacher:${password}@127.0.0.1:1`, 'redis://teacher:***@127.0.0.1:1'],
    ['redis, ?password=', `redis://127.0.0.1:1/?password=${password}`, 'redis://127.0.0.1:1/?password=***'],
  ])('%s: the store cannot be reached, the password is masked', async (_, url, shown) => {
    for (const args of [['run', 'thread-counter', '--store', url, '--trials', '1'], ['worker', '--store', url]]) {
      const result = await racedemo(args, { RACEDEMO_SECRET: 'the-class-secret' });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`racedemo: cannot reach the store at ${shown}: `);
      expect(result.stderr).not.toContain(password);
    }
  });

  it.each([
    ['a percent-encoded parameter name', `redis://127.0.0.1:1/1?pass%77ord=${password}`, 'redis://127.0.0.1:1/1?pass%77ord=***'],
    ['sslpassword', `postgres://teacher@127.0.0.1:1/race?sslpassword=${password}`, 'postgres://teacher@127.0.0.1:1/race?sslpassword=***'],
    ['a password holding @', `postgres://klass:kl@${password}@127.0.0.1:1/race`, 'postgres://klass:***@127.0.0.1:1/race'],
  ])('%s: masked as the driver reads it', async (_, url, shown) => {
    const result = await racedemo(['run', 'thread-counter', '--store', url, '--trials', '1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(shown);
    expect(result.stderr).not.toContain(password);
  });

  it.each(['/', '#'])('a password holding %s (not a URL any more) is masked in the refusal', async (character) => {
    const result = await racedemo(['run', 'thread-counter', '--store', `postgres://teacher:Te${character}${password}@127.0.0.1:1/race`]);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain(password);
  });

  it('a --store value that is not a store URL is masked too', async () => {
    const result = await racedemo(['run', 'thread-counter', '--store', `mysql://root:${password}@db/x`]);
    expect(result).toMatchObject({ code: 2, stderr: "racedemo: --store must be memory, postgres://… or redis://… (got 'mysql://root:***@db/x')\n" });
  });
});
