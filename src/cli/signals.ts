// One AbortController per command that runs trials: Ctrl-C, SIGTERM, the
// caller's own signal and a closed stdout all abort it, and the runner then
// closes its engine. A closed stdout ends the command quietly (exit 0); a
// failed one with one line (exit 3); a signal surfaces as an InterruptedError
// (exit 130 / 143).
import { InterruptedError, RacedemoError, type RunFailedError } from '../errors.js';
import type { Output } from './output.js';

/** Why a run was aborted because nobody reads stdout any more. */
export class StdoutClosed extends Error {}

export async function withRunSignals(output: Output, body: (signal: AbortSignal) => Promise<void>, callerSignal?: AbortSignal): Promise<void> {
  const controller = new AbortController();
  const onSignal = (signal: 'SIGINT' | 'SIGTERM'): void => controller.abort(new InterruptedError(signal));
  const onCaller = (): void => controller.abort(callerSignal?.reason instanceof RacedemoError ? callerSignal.reason : new InterruptedError('SIGINT'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  if (callerSignal?.aborted) onCaller();
  callerSignal?.addEventListener('abort', onCaller, { once: true });
  output.onClose((failure: RunFailedError | undefined) => controller.abort(failure ?? new StdoutClosed()));
  try {
    await body(controller.signal);
  } catch (error) {
    const reason: unknown = controller.signal.reason;
    if (reason instanceof StdoutClosed) return;
    if (reason instanceof RacedemoError) throw reason;
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    callerSignal?.removeEventListener('abort', onCaller);
  }
}
