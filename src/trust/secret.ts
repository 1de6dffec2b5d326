// The secret a coordinator and its remote workers share, given out of band:
// RACEDEMO_SECRET in the environment, or --secret-file PATH. Without it no
// remote-worker message can be signed, so neither side starts.
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '../errors.js';

export const howToSetSecret =
  'remote workers need a shared secret: set RACEDEMO_SECRET or give --secret-file PATH, the same on the run and on every worker (see docs/trust.md)';

/** The shared secret as an HMAC key; `secretFile` (--secret-file) wins over RACEDEMO_SECRET. */
export function loadSecret(secretFile: string | undefined, env: NodeJS.ProcessEnv = process.env): Buffer {
  if (secretFile !== undefined) return Buffer.from(readSecretFile(secretFile), 'utf8');
  const fromEnv = env.RACEDEMO_SECRET?.trim();
  if (!fromEnv) throw new UsageError(howToSetSecret);
  return Buffer.from(fromEnv, 'utf8');
}

function readSecretFile(path: string): string {
  let text: string;
  try {
    if (!statSync(path).isFile()) throw new UsageError(`--secret-file ${path} is not a file`);
    text = readFileSync(path, 'utf8').trim();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--secret-file ${path} cannot be read (${code === 'ENOENT' ? 'it does not exist' : (code ?? 'error')})`, { cause: error });
  }
  if (!text) throw new UsageError(`--secret-file ${path} is empty: put the class's secret in it`);
  return text;
}
