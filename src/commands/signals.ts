// One AbortController per command that runs trials: Ctrl-C, SIGTERM and a
// closed stdout all abort it, and the runner then closes its engine. A closed
// stdout ends the command quietly (exit 0); a signal surfaces as an
// InterruptedError (exit 130 / 143).
import { InterruptedError } from '../errors.js';
import type { Output } from './output.js';

/** Why a run was aborted because nobody reads stdout any more. */
export class StdoutClosed extends Error {}

export async function withRunSignals(output: Output, body: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  const onSignal = (signal: 'SIGINT' | 'SIGTERM'): void => controller.abort(new InterruptedError(signal));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  output.onClose(() => controller.abort(new StdoutClosed()));
  try {
    await body(controller.signal);
  } catch (error) {
    if (controller.signal.reason instanceof StdoutClosed) return;
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
