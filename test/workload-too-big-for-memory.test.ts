// A built-in scenario's memory grows with --workers and --iterations: a
// workload whose shared memory would pass racedemo's limit is refused in one
// line before anything allocates it (before: an allocation failure, exit 3).
import { expect, it } from 'vitest';
import { runCli } from './cli.js';

it('queue-workers with 256 workers × 1,000,000 items: one line naming the bytes and the limit, exit 2', async () => {
  const { code, stdout, stderr } = await runCli(['run', 'queue-workers', '--workers', '256', '--iterations', '1000000', '--trials', '1', '-q']);
  expect(stderr).toBe("racedemo: this workload needs 16,384,001,296 bytes of shared memory, more than racedemo's 16,777,216: lower --workers or --iterations\n");
  expect(stdout).toBe('');
  expect(code).toBe(2);
});

