// explore and --replay run the scenario's bodies inside racedemo's own
// process. A body's error that escapes its promise (a throw in a timer, a
// rejection nobody awaits) would otherwise crash racedemo with a stack trace:
// while `body` runs, such an error aborts it and becomes the command's one
// line, exit 3, as `run` reports it on its engines.
import { messageOf, RunFailedError } from '../errors.js';

export async function withStrayErrors<T>(signal: AbortSignal, body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onStray = (error: unknown): void => {
    if (!controller.signal.aborted) controller.abort(new RunFailedError(`a worker's body failed outside its await: ${messageOf(error)}`, { cause: error }));
  };
  const onAbort = (): void => controller.abort(signal.reason);
  if (signal.aborted) onAbort();
  signal.addEventListener('abort', onAbort, { once: true });
  process.on('uncaughtException', onStray);
  process.on('unhandledRejection', onStray);
  try {
    const result = await body(controller.signal);
    controller.signal.throwIfAborted();
    return result;
  } catch (error) {
    // The stray error, not what it left behind (an abort, a schedule cut short), is the cause.
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    process.off('uncaughtException', onStray);
    process.off('unhandledRejection', onStray);
  }
}
