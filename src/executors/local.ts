// Starts the threads or the processes engine, loading only the one asked for
// (piscina stays unloaded for `list`, `--help` and the processes engine).
import type { EngineName } from '../scenario/api.js';
import type { Engine, EngineSetup } from './executor.js';

/** The threads or processes engine alone, whatever the store. */
export async function startLocalEngine(name: EngineName, setup: EngineSetup): Promise<Engine> {
  if (name === 'threads') {
    const { ThreadsEngine } = await import('./threads/engine.js');
    return ThreadsEngine.start(setup);
  }
  const { ProcessesEngine } = await import('./processes/engine.js');
  return ProcessesEngine.start(setup);
}
